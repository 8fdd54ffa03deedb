/**
 * Streamed answers through the real Slack channel (Bolt over HTTP, the engine's delivery path) against the fake Slack
 * Web API: an engine the test feeds event by event, so each step's Slack calls can be awaited in order.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderAnswer } from '../../../../adapters/slack/answer-in-slack.js';
import { ACTION_IDS } from '../../../../adapters/slack/render-reply.js';
import { ONE_CHANGE_A_SECOND } from '../../../../bot/delivery/index.js';
import type { BotReply, IncomingMessage } from '../../../../bot/messages.js';
import type { ReplyEvent } from '../../../../bot/reply-events.js';
import { createFakeEngine, sampleCaseReply, type FakeEngine } from '../../../fakes/fake-engine.js';
import { FAKE_BOT } from '../../../fakes/fake-slack-api.js';
import { buttonClick, eventually, startSlackHarness, type SlackHarness } from './slack-harness.js';

/** The fake engine, whose `streamMessage` yields what the test pushes (an Error is thrown there instead). */
function scriptedEngine(): FakeEngine & { push(event: ReplyEvent | Error): void } {
  const base = createFakeEngine();
  const queue: Array<ReplyEvent | Error> = [];
  let wake: (() => void) | undefined;
  return Object.assign(base, {
    async *streamMessage(message: IncomingMessage): AsyncGenerator<ReplyEvent> {
      base.streamed.push(message);
      for (;;) {
        while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        const next = queue.shift()!;
        if (next instanceof Error) throw next;
        yield next;
        if (next.type === 'reply') return;
      }
    },
    push(event: ReplyEvent | Error) {
      queue.push(event);
      wake?.();
    },
  });
}

const STREAM_METHODS = /^(assistant\.threads\.setStatus|chat\.(startStream|appendStream|stopStream|postMessage|postEphemeral|update|delete))$/;
let sequence = 0;

describe('Slack answers written while the engine writes them', () => {
  let h: SlackHarness;
  let engine: ReturnType<typeof scriptedEngine>;

  beforeAll(async () => {
    engine = scriptedEngine();
    // One change per call (no pause between them), on the real clock: the test's pushes set the pace.
    h = await startSlackHarness({ engine, identity: true, streamPacing: { ...ONE_CHANGE_A_SECOND, minIntervalMs: 0 } });
  });
  afterAll(() => h.close());
  afterEach(() => h.fake.refuse('chat.startStream', undefined));

  const order = () => h.fake.calls.filter((call) => STREAM_METHODS.test(call.method)).map((call) => call.method);
  const mention = async (channel = 'C1') => {
    const ts = `1700300000.${String(++sequence).padStart(6, '0')}`;
    const response = await h.sendEvent({ type: 'app_mention', channel, user: 'U1', ts, text: `<@${FAKE_BOT.userId}> hvem har arbejdet med velfærdsteknologi?` });
    expect(response.status).toBe(200);
    return ts;
  };
  const reply = (patch: Partial<BotReply> = {}): BotReply => ({ ...sampleCaseReply(`reply-s${sequence}`, 'C1'), ...patch });

  it('should acknowledge first, then show the status, stream to the asker in the thread and end with the rendered answer in place', async () => {
    h.fake.reset();
    const ts = await mention();
    // Acknowledged while the engine has not written a word.
    expect(h.fake.callsTo('chat.startStream')).toHaveLength(0);
    engine.push({ type: 'status', stage: 'searching', text: 'Søger i biblioteket …' });
    await h.fake.waitFor('assistant.threads.setStatus');
    engine.push({ type: 'text', delta: 'Flere kommuner ' });
    await h.fake.waitFor('chat.startStream');
    engine.push({ type: 'text', delta: 'har erfaring [1].' });
    await h.fake.waitFor('chat.appendStream');
    const final = reply();
    engine.push({ type: 'reply', reply: final });
    await h.fake.waitFor('chat.update');

    expect(order()).toEqual(['assistant.threads.setStatus', 'chat.startStream', 'chat.appendStream', 'chat.stopStream', 'chat.update']);
    expect(h.fake.callsTo('assistant.threads.setStatus')[0]!.args).toMatchObject({ channel_id: 'C1', thread_ts: ts });
    const start = h.fake.callsTo('chat.startStream')[0]!;
    expect(start.args).toMatchObject({ channel: 'C1', thread_ts: ts, markdown_text: 'Flere kommuner ', recipient_user_id: 'U1', recipient_team_id: FAKE_BOT.teamId });
    const streamTs = start.response!.ts;
    expect(h.fake.callsTo('chat.appendStream')[0]!.args).toMatchObject({ channel: 'C1', ts: streamTs, markdown_text: 'har erfaring [1].' });
    expect(h.fake.callsTo('chat.stopStream')[0]!.args).toMatchObject({ channel: 'C1', ts: streamTs });
    const update = h.fake.callsTo('chat.update')[0]!;
    expect(update.args).toMatchObject({ channel: 'C1', ts: streamTs });
    expect(update.args.blocks).toEqual(JSON.parse(JSON.stringify(renderAnswer(final, { channel: 'C1', threadTs: ts }).blocks)));
  });

  it('should record 👍 on the streamed message against its reply', async () => {
    h.fake.reset();
    const ts = await mention();
    engine.push({ type: 'text', delta: 'Flere kommuner ' });
    await h.fake.waitFor('chat.startStream');
    const final = await engine.handleMessage({ channel: 'slack', conversationId: 'C1', threadId: ts, user: { id: 'U1', audience: 'internal' }, text: 'x' });
    engine.push({ type: 'reply', reply: final });
    const [update] = await h.fake.waitFor('chat.update');
    const buttons = (update!.args.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).find((block) => block.type === 'actions')!.elements!;
    const up = buttons.find((button) => button.action_id === ACTION_IDS.feedbackUp)!;
    expect(up.value).toBe(final.replyId);
    await h.sendAction(buttonClick(h.fake, { actionId: ACTION_IDS.feedbackUp, value: up.value, channel: 'C1', messageTs: String(update!.args.ts), threadTs: ts }));
    await eventually(() => expect(engine.calls.recordFeedback.at(-1)).toMatchObject({ replyId: final.replyId, value: 'up', userId: 'U1' }));
  });

  it('should end with the extractive answer and its notice when the model broke off mid-answer, without the citation it had written', async () => {
    h.fake.reset();
    await mention();
    engine.push({ type: 'text', delta: 'Sprogmodellen skrev om Ballerup [4] og ' });
    await h.fake.waitFor('chat.startStream');
    const notice = 'Sprogmodellen svarede ikke, så her er de mest relevante uddrag fra biblioteket.';
    engine.push({ type: 'reply', reply: reply({ text: 'Aalborg Kommune lagde vægt på ejerskab [1].', notices: [notice], cases: [] }) });
    const [update] = await h.fake.waitFor('chat.update');
    const shown = JSON.stringify(update!.args.blocks);
    expect(shown).toContain('Sprogmodellen svarede ikke');
    expect(shown).toContain('ejerskab');
    expect(shown).not.toContain('Ballerup [4]');
    expect(update!.args.text).not.toContain('[4]');
  });

  it('should put the apology in place of the streamed text when the engine fails mid-answer', async () => {
    h.fake.reset();
    await mention();
    engine.push({ type: 'text', delta: 'Halvt svar ' });
    await h.fake.waitFor('chat.startStream');
    engine.push(new Error('the database went away'));
    const [update] = await h.fake.waitFor('chat.update');
    expect(update!.args.text).toMatch(/^Beklager/);
    expect(order()).toEqual(['chat.startStream', 'chat.stopStream', 'chat.update']);
  });

  it('should post the first text and update it where Slack does not stream, ending with the rendered answer', async () => {
    h.fake.reset();
    h.fake.refuse('chat.startStream', 'not_allowed');
    const ts = await mention('C2');
    engine.push({ type: 'text', delta: 'Flere kommuner ' });
    await h.fake.waitFor('chat.postMessage');
    engine.push({ type: 'text', delta: 'har erfaring.' });
    await h.fake.waitFor('chat.update');
    const final = reply();
    engine.push({ type: 'reply', reply: final });
    await h.fake.waitFor('chat.update', 2);
    expect(order()).toEqual(['chat.startStream', 'chat.postMessage', 'chat.update', 'chat.update']);
    const post = h.fake.callsTo('chat.postMessage')[0]!;
    expect(post.args).toMatchObject({ channel: 'C2', thread_ts: ts });
    expect(h.fake.callsTo('chat.update').every((call) => call.args.ts === post.response!.ts)).toBe(true);
    expect(h.fake.callsTo('chat.update')[1]!.args.blocks).toEqual(JSON.parse(JSON.stringify(renderAnswer(final, { channel: 'C2', threadTs: ts }).blocks)));
  });
});

describe('Slack answers only the asker sees', () => {
  let h: SlackHarness;

  beforeAll(async () => {
    const engine = createFakeEngine();
    engine.setStreaming({ delayMs: 2 });
    h = await startSlackHarness({ engine, identity: true, config: { ephemeralInPublic: true }, streamPacing: { ...ONE_CHANGE_A_SECOND, minIntervalMs: 0 } });
  });
  afterAll(() => h.close());

  it('should post an ephemeral answer whole, without status or stream', async () => {
    await h.sendEvent({ type: 'app_mention', channel: 'C1', user: 'U1', ts: '1700400000.000100', text: `<@${FAKE_BOT.userId}> hvem har arbejdet med velfærdsteknologi?` });
    const [answer] = await h.fake.waitFor('chat.postEphemeral');
    expect(answer!.args).toMatchObject({ channel: 'C1', user: 'U1', thread_ts: '1700400000.000100' });
    expect(JSON.stringify(answer!.args.blocks)).toContain(ACTION_IDS.feedbackUp);
    expect(h.fake.calls.map((call) => call.method).filter((method) => STREAM_METHODS.test(method))).toEqual(['chat.postEphemeral']);
  });
});
