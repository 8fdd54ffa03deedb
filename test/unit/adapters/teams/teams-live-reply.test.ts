/**
 * The Teams live reply with a recording sender and a hand-driven clock: what goes out when (informative, streaming,
 * final, their streaminfo entities), the pace (one update per interval, buffered text sent whole), and failures.
 */
import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { renderPlainMessage, renderReply } from '../../../../adapters/teams/render-reply.js';
import { createTeamsLiveReply, INFORMATIVE_TEXT_MAX } from '../../../../adapters/teams/teams-live-reply.js';
import type { LivePacing } from '../../../../bot/delivery/index.js';
import { sampleCaseReply } from '../../../fakes/fake-engine.js';

const reference = { serviceUrl: 'http://127.0.0.1:1/', conversation: { id: 'a:personal-1', conversationType: 'personal' } } as never;

/** A clock that moves only when told, and the timers the live reply asked for. */
function handClock(minIntervalMs = 1_000) {
  let now = 0;
  let timers: Array<{ at: number; flush: () => void; cancelled: boolean }> = [];
  const pacing: LivePacing = {
    minIntervalMs,
    now: () => now,
    later(ms, flush) {
      const timer = { at: now + ms, flush, cancelled: false };
      timers.push(timer);
      return () => void (timer.cancelled = true);
    },
  };
  return {
    pacing,
    pendingTimers: () => timers.filter((timer) => !timer.cancelled).length,
    /** Moves the clock and runs the timers that are due, then lets their sends finish. */
    async advance(ms: number) {
      now += ms;
      const due = timers.filter((timer) => !timer.cancelled && timer.at <= now);
      timers = timers.filter((timer) => !due.includes(timer));
      for (const timer of due) timer.flush();
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

function recordingSender(options: { failOn?: number; error?: Error } = {}) {
  const sent: Array<Partial<Activity>> = [];
  let calls = 0;
  return {
    sent,
    sender: {
      async send(_reference: unknown, activity: Partial<Activity>) {
        calls++;
        if (calls === options.failOn) throw options.error ?? new Error('refused');
        sent.push(activity);
        // Like Teams: the first activity of a stream gets an id, later ones `{}`.
        return sent.length === 1 ? 'stream-1' : undefined;
      },
    },
  };
}

const streamInfo = (activity: Partial<Activity>) => activity.entities?.find((entity) => entity.type === 'streaminfo') as Record<string, unknown> | undefined;

describe('createTeamsLiveReply', () => {
  it('should send an informative update, then the text so far as streaming updates under the first id, then the final answer', async () => {
    const clock = handClock();
    const { sent, sender } = recordingSender();
    const linked: string[] = [];
    const live = createTeamsLiveReply({ sender, reference, pacing: clock.pacing, onReplySent: async (id) => void linked.push(id) });

    await live.status('Søger i biblioteket …');
    await live.append('Flere kommuner ');
    await clock.advance(1_000);
    await live.append('har erfaring ');
    const reply = sampleCaseReply('reply-1', 'a:personal-1');
    await live.finish(reply);

    expect(sent.map((activity) => [activity.type, streamInfo(activity)])).toEqual([
      ['typing', { type: 'streaminfo', streamType: 'informative', streamSequence: 1 }],
      ['typing', { type: 'streaminfo', streamType: 'streaming', streamSequence: 2, streamId: 'stream-1' }],
      ['typing', { type: 'streaminfo', streamType: 'streaming', streamSequence: 3, streamId: 'stream-1' }],
      ['message', { type: 'streaminfo', streamType: 'final', streamId: 'stream-1' }],
    ]);
    expect(sent.map((activity) => activity.text)).toEqual([
      'Søger i biblioteket …',
      'Flere kommuner ',
      'Flere kommuner har erfaring ',
      renderReply(reply).text,
    ]);
    // The final message is today's answer (citations, AI label, card, feedback) with the stream's end beside it.
    const { entities, ...rest } = sent[3]!;
    const { entities: answerEntities, ...answer } = renderReply(reply);
    expect(rest).toEqual(answer);
    expect(entities).toEqual([...answerEntities!, { type: 'streaminfo', streamType: 'final', streamId: 'stream-1' }]);
    expect(linked).toEqual(['stream-1']);
  });

  it('should send at most one streaming update per interval and the text that arrived meanwhile whole once it is over', async () => {
    const clock = handClock();
    const { sent, sender } = recordingSender();
    const live = createTeamsLiveReply({ sender, reference, pacing: clock.pacing });
    const words = Array.from({ length: 20 }, (_, i) => `ord${i} `);

    for (const word of words.slice(0, 10)) await live.append(word);
    expect(sent).toHaveLength(1); // the first text at once, the other nine wait
    await clock.advance(999);
    expect(sent).toHaveLength(1);
    await clock.advance(1);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.text).toBe(words.slice(0, 10).join(''));
    for (const word of words.slice(10)) await live.append(word);
    expect(sent).toHaveLength(2);
    await clock.advance(1_000);
    expect(sent.map((activity) => activity.text)).toEqual(['ord0 ', words.slice(0, 10).join(''), words.join('')]);
    expect(sent.map((activity) => streamInfo(activity)!.streamSequence)).toEqual([1, 2, 3]);
  });

  it('should drop a progress line that comes after the text has begun, and one superseded within the interval', async () => {
    const clock = handClock();
    const { sent, sender } = recordingSender();
    const live = createTeamsLiveReply({ sender, reference, pacing: clock.pacing });
    await live.status('Søger i biblioteket …');
    await live.status('Skriver svaret …'); // within the interval: waits
    await live.append('Svar');
    await clock.advance(1_000);
    await live.status('Søger igen …');
    await clock.advance(1_000);
    expect(sent.map((activity) => [streamInfo(activity)!.streamType, activity.text])).toEqual([
      ['informative', 'Søger i biblioteket …'],
      ['streaming', 'Svar'],
    ]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('should clip an informative update to Teams\' 1,000 characters', async () => {
    const { sent, sender } = recordingSender();
    const live = createTeamsLiveReply({ sender, reference, pacing: handClock().pacing });
    await live.status('x'.repeat(1_500));
    expect(sent[0]!.text!.length).toBe(INFORMATIVE_TEXT_MAX);
  });

  it('should send a final answer without streaminfo when nothing was streamed before it', async () => {
    const { sent, sender } = recordingSender();
    const live = createTeamsLiveReply({ sender, reference, pacing: handClock().pacing });
    await live.finish(sampleCaseReply('reply-2', 'a:personal-1'));
    expect(sent).toHaveLength(1);
    expect(streamInfo(sent[0]!)).toBeUndefined();
  });

  it('should throw the connector\'s error once an update was refused, also from finish, so the caller sends the answer whole', async () => {
    const clock = handClock(0);
    const refused = Object.assign(new Error('Content stream is not allowed'), { statusCode: 403, code: 'ContentStreamNotAllowed' });
    const { sent, sender } = recordingSender({ failOn: 2, error: refused });
    const live = createTeamsLiveReply({ sender, reference, pacing: clock.pacing });
    await live.status('Søger i biblioteket …');
    await expect(live.append('Flere ')).rejects.toBe(refused);
    await expect(live.append('kommuner ')).rejects.toBe(refused);
    await expect(live.finish(sampleCaseReply('reply-3', 'a:personal-1'))).rejects.toBe(refused);
    expect(sent).toHaveLength(1);
  });

  it('should end the stream with another message (an apology) in place of an answer', async () => {
    const { sent, sender } = recordingSender();
    const live = createTeamsLiveReply({ sender, reference, pacing: handClock().pacing });
    await live.status('Søger i biblioteket …');
    await live.end(renderPlainMessage('Beklager.'));
    expect(sent[1]).toMatchObject({ type: 'message', text: 'Beklager.', entities: [{ type: 'streaminfo', streamType: 'final', streamId: 'stream-1' }] });
  });
});
