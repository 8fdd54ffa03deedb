/**
 * The Slack live reply against the fake Slack Web API (a real WebClient over HTTP), on a hand-driven clock: which
 * methods are called, in which order, with which thread and text, and how often the message changes. No timed
 * assertions: the clock only moves when the test moves it.
 */
import { webApi } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderAnswer, type AnswerTarget } from '../../../../adapters/slack/answer-in-slack.js';
import { slackClientOptions } from '../../../../adapters/slack/post-with-retry.js';
import { ACTION_IDS } from '../../../../adapters/slack/render-reply.js';
import { createSlackDeliveryPort } from '../../../../adapters/slack/slack-delivery-port.js';
import { createSlackLiveReply } from '../../../../adapters/slack/slack-live-reply.js';
import type { LivePacing } from '../../../../bot/delivery/index.js';
import type { BotReply } from '../../../../bot/messages.js';
import { sampleCaseReply } from '../../../fakes/fake-engine.js';
import { startFakeSlackApi, type FakeSlackApi, type RecordedCall } from '../../../fakes/fake-slack-api.js';

/** A clock the test moves; `later` callbacks fire when it passes their time. */
function manualClock(minIntervalMs = 1_000) {
  let now = 0;
  const timers: Array<{ at: number; flush: () => void; done: boolean }> = [];
  const pacing: LivePacing = {
    minIntervalMs,
    now: () => now,
    later(ms, flush) {
      const timer = { at: now + ms, flush, done: false };
      timers.push(timer);
      return () => void (timer.done = true);
    },
  };
  return {
    pacing,
    get now() {
      return now;
    },
    /** Moves the clock by `ms` and fires what is due (their Slack calls run before the live reply's next step). */
    advance(ms: number) {
      now += ms;
      for (const timer of timers) {
        if (timer.done || timer.at > now) continue;
        timer.done = true;
        timer.flush();
      }
    },
  };
}

const THREAD = '1700000100.000100';
const TARGET: AnswerTarget = { channel: 'C1', threadTs: THREAD, recipient: { userId: 'U1', teamId: 'T1' } };
const STREAM_METHODS = /^(assistant\.threads\.setStatus|chat\.(startStream|appendStream|stopStream|postMessage|update|delete))$/;

let fake: FakeSlackApi;
let client: webApi.WebClient;

beforeAll(async () => {
  fake = await startFakeSlackApi();
  client = new webApi.WebClient('xoxb-test', slackClientOptions(fake.url));
});
afterAll(() => fake.close());
afterEach(() => {
  fake.reset();
  for (const method of ['chat.startStream', 'assistant.threads.setStatus']) fake.refuse(method, undefined);
});

const order = () => fake.calls.filter((call) => STREAM_METHODS.test(call.method)).map((call) => call.method);
const texts = (blocks: unknown) => JSON.stringify(blocks);

function live(target: AnswerTarget = TARGET, clock = manualClock()) {
  return { clock, reply: createSlackLiveReply({ client, target, render: (reply) => renderAnswer(reply, target), pacing: clock.pacing, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 } }) };
}

/** Appends the first text and lets it out (it waits one turn, so a reply written in one piece is posted whole). */
async function showFirst(reply: ReturnType<typeof live>, text: string): Promise<void> {
  await reply.reply.append(text);
  reply.clock.advance(0);
  await reply.reply.settled();
}

function finalReply(patch: Partial<BotReply> = {}): BotReply {
  return { ...sampleCaseReply('reply-7', 'C1'), ...patch };
}

describe('createSlackLiveReply, where Slack streams', () => {
  it('should show the status, stream the text to the asker in the thread, then stop the stream and put the rendered answer in its place', async () => {
    const { clock, reply } = live();
    await reply.status('Søger i biblioteket …');
    await showFirst({ clock, reply }, 'Flere kommuner ');
    await reply.append('har erfaring [1].');
    clock.advance(1_000);
    const final = finalReply();
    await reply.finish(final);

    expect(order()).toEqual(['assistant.threads.setStatus', 'chat.startStream', 'chat.appendStream', 'chat.stopStream', 'chat.update']);
    const [status, start, append, stop, update] = fake.calls.filter((call) => STREAM_METHODS.test(call.method)) as RecordedCall[];
    expect(status!.args).toMatchObject({ channel_id: 'C1', thread_ts: THREAD, status: 'Søger i biblioteket …' });
    expect(start!.args).toMatchObject({ channel: 'C1', thread_ts: THREAD, markdown_text: 'Flere kommuner ', recipient_user_id: 'U1', recipient_team_id: 'T1' });
    const ts = start!.response!.ts;
    expect(append!.args).toMatchObject({ channel: 'C1', ts, markdown_text: 'har erfaring [1].' });
    expect(stop!.args).toMatchObject({ channel: 'C1', ts });
    // The final message is the answer exactly as rendered without streaming: sources, cases, buttons with the reply id.
    const rendered = renderAnswer(final, TARGET);
    expect(update!.args).toMatchObject({ channel: 'C1', ts, text: rendered.text });
    expect(update!.args.blocks).toEqual(JSON.parse(JSON.stringify(rendered.blocks)));
    expect(texts(update!.args.blocks)).toContain(ACTION_IDS.feedbackUp);
    expect(texts(update!.args.blocks)).toContain('reply-7');
  });

  it('should append at most once per interval, sending the text that arrived in between in one call', async () => {
    const { clock, reply } = live();
    await showFirst({ clock, reply }, 'En ');
    await reply.append('to ');
    clock.advance(400);
    await reply.append('tre ');
    clock.advance(400);
    await reply.append('fire ');
    expect(fake.callsTo('chat.appendStream')).toHaveLength(0);
    clock.advance(200); // one second after the start: what waited goes out together
    await reply.settled();
    expect(fake.callsTo('chat.appendStream').map((call) => call.args.markdown_text)).toEqual(['to tre fire ']);
    await reply.append('fem ');
    clock.advance(999);
    await reply.settled();
    expect(fake.callsTo('chat.appendStream')).toHaveLength(1);
    clock.advance(1);
    await reply.settled();
    expect(fake.callsTo('chat.appendStream').map((call) => call.args.markdown_text)).toEqual(['to tre fire ', 'fem ']);
    await reply.finish(finalReply());
  });

  it('should show nothing early for a reply written in one piece, and post it whole once', async () => {
    const { reply } = live();
    await reply.status('Søger i biblioteket …');
    await reply.append(finalReply().text);
    await reply.finish(finalReply());
    expect(order()).toEqual(['assistant.threads.setStatus', 'chat.postMessage']);
    expect(fake.callsTo('chat.postMessage')[0]!.args).toMatchObject({ channel: 'C1', thread_ts: THREAD });
    expect(fake.callsTo('chat.postMessage')[0]!.args.blocks).toEqual(JSON.parse(JSON.stringify(renderAnswer(finalReply(), TARGET).blocks)));
  });

  it('should replace a citation shown while streaming with the final text, which no longer has it', async () => {
    const { clock, reply } = live();
    await showFirst({ clock, reply }, 'Assens vurderede hver borger individuelt [2] og ');
    await reply.append('Aalborg byggede et laboratorium [4].');
    clock.advance(1_000);
    const final = finalReply({ text: 'Assens vurderede hver borger individuelt [2].', cases: [] });
    await reply.finish(final);
    const streamed = fake.callsTo('chat.startStream')[0]!.args.markdown_text + fake.callsTo('chat.appendStream').map((call) => call.args.markdown_text).join('');
    expect(streamed).toContain('[4]');
    const update = fake.callsTo('chat.update').at(-1)!;
    expect(update.args.text).not.toContain('[4]');
    expect(texts(update.args.blocks)).not.toContain('laboratorium [4]');
    expect(texts(update.args.blocks)).toContain('individuelt');
  });

  it('should end with the extractive answer and its notice when the model failed mid-answer', async () => {
    const { clock, reply } = live();
    await showFirst({ clock, reply }, 'Modellen begyndte at skrive, men ');
    const notice = 'Sprogmodellen svarede ikke, så her er de mest relevante uddrag fra biblioteket.';
    await reply.finish(finalReply({ mode: 'extractive', notices: [notice], text: 'Aalborg Kommune lagde vægt på ejerskab [1].' }));
    const update = fake.callsTo('chat.update').at(-1)!;
    expect(texts(update.args.blocks)).toContain('Sprogmodellen svarede ikke');
    expect(texts(update.args.blocks)).not.toContain('Modellen begyndte');
    expect(order()).toEqual(['chat.startStream', 'chat.stopStream', 'chat.update']);
  });

  it('should skip the status quietly where Slack does not allow it, and not ask again in that channel', async () => {
    fake.refuse('assistant.threads.setStatus', 'not_allowed');
    const port = createSlackDeliveryPort({ client, streamPacing: manualClock().pacing });
    const target = { conversationKey: `slack:C1:${THREAD}`, channel: 'slack', deliveryRef: { channel: 'C1', thread_ts: THREAD } };
    const first = (await port.openLive(target))!;
    await first.status('Søger i biblioteket …');
    await first.finish(finalReply());
    const second = (await port.openLive(target))!;
    await second.status('Søger i biblioteket …');
    await second.finish(finalReply());
    expect(fake.callsTo('assistant.threads.setStatus')).toHaveLength(1);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('should not open a live reply for an ephemeral answer', async () => {
    const port = createSlackDeliveryPort({ client });
    const ephemeral = await port.openLive({ conversationKey: 'slack:C1:1.1', channel: 'slack', deliveryRef: { channel: 'C1', thread_ts: '1.1', user: 'U1', ephemeral: true } });
    expect(ephemeral).toBeUndefined();
  });

  it('should put an apology in place of the streamed text when asked to end', async () => {
    const { clock, reply } = live();
    await showFirst({ clock, reply }, 'Halvt svar ');
    expect(await reply.end({ text: 'Beklager', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Beklager' } }] })).toBe(true);
    expect(order()).toEqual(['chat.startStream', 'chat.stopStream', 'chat.update']);
    expect(fake.callsTo('chat.update')[0]!.args.text).toBe('Beklager');
  });
});

describe('createSlackLiveReply, where Slack does not stream', () => {
  it('should post the first text and update the message at most once a second, then put the final answer in it', async () => {
    fake.refuse('chat.startStream', 'method_not_supported');
    const { clock, reply } = live();
    const updatedAt: number[] = [];
    fake.onCall('chat.update', () => (updatedAt.push(clock.now), {}));
    await showFirst({ clock, reply }, 'Første ');
    for (let step = 0; step < 25; step++) {
      clock.advance(100);
      await reply.append(`ord${step} `);
    }
    await reply.finish(finalReply());
    fake.onCall('chat.update', undefined);

    expect(order().slice(0, 2)).toEqual(['chat.startStream', 'chat.postMessage']);
    const post = fake.callsTo('chat.postMessage')[0]!;
    expect(post.args).toMatchObject({ channel: 'C1', thread_ts: THREAD, text: 'Første' });
    const updates = fake.callsTo('chat.update');
    expect(updates.every((call) => call.args.ts === post.response!.ts && call.args.channel === 'C1')).toBe(true);
    // Progress updates a second apart on the test's clock; the final one follows whenever the answer is ready.
    const progress = updatedAt.slice(0, -1);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < progress.length; i++) expect(progress[i]! - progress[i - 1]!).toBeGreaterThanOrEqual(1_000);
    expect(progress[0]! - 0).toBeGreaterThanOrEqual(1_000);
    expect(updates.at(-1)!.args.blocks).toEqual(JSON.parse(JSON.stringify(renderAnswer(finalReply(), TARGET).blocks)));
    expect(fake.callsTo('chat.stopStream')).toHaveLength(0);
  });

  it('should write a top-level DM answer by updating a message, without stream or status', async () => {
    const target: AnswerTarget = { channel: 'D1' };
    const { clock, reply } = live(target);
    await reply.status('Søger i biblioteket …');
    await showFirst({ clock, reply }, 'Hej ');
    await reply.finish(finalReply());
    expect(order()).toEqual(['chat.postMessage', 'chat.update']);
    expect(fake.callsTo('chat.postMessage')[0]!.args.thread_ts).toBeUndefined();
  });

  it('should skip updates while rate limited, and still put the final answer in the message', async () => {
    fake.refuse('chat.startStream', 'not_allowed');
    const { clock, reply } = live();
    await showFirst({ clock, reply }, 'Første ');
    fake.failNext('chat.update', { status: 429, retryAfter: 5 });
    clock.advance(1_000);
    await reply.append('anden ');
    expect(fake.callsTo('chat.update')).toHaveLength(1); // refused: Retry-After 5 s
    for (let step = 0; step < 4; step++) {
      clock.advance(1_000);
      await reply.append('mere ');
    }
    expect(fake.callsTo('chat.update')).toHaveLength(1); // nothing tried while Slack said wait
    clock.advance(1_000);
    await reply.append('sidste ');
    expect(fake.callsTo('chat.update')).toHaveLength(2);
    expect(fake.callsTo('chat.update')[1]!.args.text).toContain('mere');
    // The final answer is not skipped: a 429 on it is retried.
    fake.failNext('chat.update', { status: 429, retryAfter: 0 });
    await reply.finish(finalReply());
    const updates = fake.callsTo('chat.update');
    expect(updates.at(-1)!.response).toBeDefined();
    expect(updates.at(-1)!.args.blocks).toEqual(JSON.parse(JSON.stringify(renderAnswer(finalReply(), TARGET).blocks)));
  });

  it('should delete the half answer and throw when the final answer cannot replace it (the caller sends it whole)', async () => {
    fake.refuse('chat.startStream', 'not_allowed');
    const { clock, reply } = live();
    await showFirst({ clock, reply }, 'Første ');
    for (let attempt = 0; attempt < 2; attempt++) fake.failNext('chat.update', { status: 500 });
    await expect(reply.finish(finalReply())).rejects.toThrow();
    expect(fake.callsTo('chat.delete')[0]!.args).toMatchObject({ channel: 'C1', ts: fake.callsTo('chat.postMessage')[0]!.response!.ts });
  });

  it('should send the final answer whole when even the first post failed, without trying again while written', async () => {
    fake.refuse('chat.startStream', 'not_allowed');
    fake.failNext('chat.postMessage', { status: 500 });
    const { clock, reply } = live();
    await showFirst({ clock, reply }, 'Første ');
    clock.advance(1_000);
    await reply.append('anden ');
    await reply.finish(finalReply());
    expect(order()).toEqual(['chat.startStream', 'chat.postMessage', 'chat.postMessage']);
    expect(fake.callsTo('chat.postMessage')[1]!.args.blocks).toEqual(JSON.parse(JSON.stringify(renderAnswer(finalReply(), TARGET).blocks)));
  });

  it('should not try to stream again in a channel where Slack refused it', async () => {
    fake.refuse('chat.startStream', 'method_not_supported');
    const clock = manualClock();
    const port = createSlackDeliveryPort({ client, streamPacing: clock.pacing });
    const target = { conversationKey: `slack:C1:${THREAD}`, channel: 'slack', deliveryRef: { channel: 'C1', thread_ts: THREAD } };
    for (let answer = 0; answer < 2; answer++) {
      const reply = (await port.openLive(target))!;
      await showFirst({ clock, reply }, 'Første ');
      await reply.finish(finalReply());
    }
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
    expect(fake.callsTo('chat.startStream')).toHaveLength(1);
  });
});
