/**
 * An answer streamed into a Teams 1:1 chat while the engine writes it (learn.microsoft.com …/bots/streaming-ux):
 * `typing` activities with a `streaminfo` entity — an informative update (Teams' progress line) while the library is
 * searched, then `streaming` updates that each carry the whole text so far — and at the end the answer as a `message`
 * with `streamType: 'final'` beside the citation / AI-label entity every answer has (render-reply.ts). The final message
 * replaces the streamed text. The id Teams gives the first update is the stream's id (`streamId` of every later
 * activity) and the id of the message the user sees, so feedback on it is linked to that id.
 *
 * Teams wants each update sent only after the previous one was answered, and no more than about one a second: updates
 * go out one at a time, at most one per `minIntervalMs` of each kind (informative, streaming); text that arrives in
 * between is buffered and goes out whole with the next update, at the latest when the interval is over. The first text
 * follows the informative update at once, so the answer starts to appear as soon as it is written.
 */
import type { Activity, ConversationReference, Entity } from 'botbuilder';
import { ONE_CHANGE_A_SECOND, type LivePacing, type LiveReply } from '../../bot/delivery/index.js';
import type { BotReply } from '../../bot/index.js';
import type { ProactiveSender } from './proactive-sender.js';
import { clip, renderReply } from './render-reply.js';

/** Teams' limit for an informative update. */
export const INFORMATIVE_TEXT_MAX = 1_000;

/** A live reply in one Teams chat, which can also end with another message than an answer. */
export interface TeamsLiveReply extends LiveReply {
  /** Ends the stream with `activity` (an apology when the engine failed) instead of an answer. */
  end(activity: Partial<Activity>): Promise<void>;
}

/** What {@link createTeamsLiveReply} works with. */
export interface TeamsLiveReplyOptions {
  sender: ProactiveSender;
  /** The 1:1 chat's conversation reference. */
  reference: Partial<ConversationReference>;
  pacing?: LivePacing;
  /** Called once the final answer is out, with the id of the message Teams shows (to link feedback). Must not throw. */
  onReplySent?(activityId: string, reply: BotReply): Promise<void>;
}

type StreamType = 'informative' | 'streaming';

/**
 * Opens a live reply in a 1:1 chat; nothing is sent until the first status or text. Its methods throw the
 * connector's error once an update failed (Teams refused the stream, say): the caller then sends the answer whole.
 *
 * @example
 * const live = createTeamsLiveReply({ sender, reference });
 * await live.status('Søger i biblioteket …');
 * await live.append('Flere kommuner ');
 * await live.finish(reply);
 */
export function createTeamsLiveReply(options: TeamsLiveReplyOptions): TeamsLiveReply {
  const { sender, reference } = options;
  const pacing = options.pacing ?? ONE_CHANGE_A_SECOND;
  let streamId: string | undefined;
  let sequence = 0;
  let text = '';
  let sentText = '';
  let pendingStatus: string | undefined;
  const lastSent: Record<StreamType, number> = { informative: Number.NEGATIVE_INFINITY, streaming: Number.NEGATIVE_INFINITY };
  let cancelTimer: (() => void) | undefined;
  let chain: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | undefined;
  let ended = false;

  /** Runs `job` after the jobs before it; once one failed, every later one fails with that error. */
  function serially(job: () => Promise<void>): Promise<void> {
    const run = chain.then(async () => {
      if (failure) throw failure.error;
      await job();
    });
    chain = run.catch((error: unknown) => {
      failure ??= { error };
    });
    return run;
  }

  async function update(streamType: StreamType, updateText: string): Promise<void> {
    const info = { type: 'streaminfo', streamType, streamSequence: ++sequence, ...(streamId ? { streamId } : {}) };
    const id = await sender.send(reference, { type: 'typing', text: updateText, entities: [info as Entity] });
    lastSent[streamType] = pacing.now();
    if (!streamId) {
      if (!id) throw new Error('teams: the first streaming update got no id back, so the stream cannot go on');
      streamId = id;
    }
  }

  /** Sends what is waiting, if its kind is due; otherwise makes sure it goes out once it is. */
  async function flush(): Promise<void> {
    cancelTimer?.();
    cancelTimer = undefined;
    if (ended) return;
    const kind: StreamType | undefined = text !== sentText ? 'streaming' : pendingStatus !== undefined && sentText === '' ? 'informative' : undefined;
    if (!kind) return;
    const wait = lastSent[kind] + pacing.minIntervalMs - pacing.now();
    if (wait > 0) {
      cancelTimer = pacing.later(wait, () => void serially(flush).catch(() => undefined));
      return;
    }
    if (kind === 'streaming') {
      const snapshot = text;
      await update('streaming', snapshot);
      sentText = snapshot;
    } else {
      const status = pendingStatus!;
      pendingStatus = undefined;
      await update('informative', clip(status, INFORMATIVE_TEXT_MAX));
    }
  }

  function finalActivity(activity: Partial<Activity>): Partial<Activity> {
    if (!streamId) return activity;
    const info = { type: 'streaminfo', streamId, streamType: 'final' };
    return { ...activity, entities: [...(activity.entities ?? []), info as Entity] };
  }

  async function end(activity: Partial<Activity>): Promise<string | undefined> {
    let shown: string | undefined;
    await serially(async () => {
      ended = true;
      cancelTimer?.();
      shown = (await sender.send(reference, finalActivity(activity))) ?? streamId;
    });
    return shown;
  }

  return {
    async status(statusText) {
      // Teams shows informative updates only before the answer's text.
      if (sentText !== '' || text !== '') return;
      pendingStatus = statusText;
      await serially(flush);
    },
    async append(delta) {
      if (!delta) return;
      text += delta;
      await serially(flush);
    },
    async finish(reply) {
      const shown = await end(renderReply(reply));
      if (shown) await options.onReplySent?.(shown, reply);
    },
    async end(activity) {
      await end(activity);
    },
  };
}
