/**
 * The Slack channel against a real Bolt app (HTTP receiver on 127.0.0.1, signature verification on) and the fake
 * Slack Web API: signing, url_verification, answers in threads with sources and buttons, retries and duplicates,
 * DM follow-ups, the engine failing, Slack failing.
 */
import { createHmac } from 'node:crypto';
import { verifySlackRequest } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeEngine } from '../fakes/fake-engine.js';
import { createOutboxDispatcher, enqueueBotReply, type OutboxDispatcher } from '../../bot/escalation/index.js';
import { silentLogger } from '../../config/logger.js';
import type { Queryable } from '../../knowledge/index.js';
import { FAKE_BOT } from '../fakes/fake-slack-api.js';
import { testDatabases } from '../support/test-databases.js';
import { eventually, signSlack, SIGNING_SECRET, startSlackHarness, type SlackHarness } from '../unit/adapters/slack/slack-harness.js';

const VECTOR = {
  secret: '8f742231b10e8888abcd99yyyzzz85a5',
  ts: 1531420618,
  body:
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
};

describe('Slack request signing', () => {
  it("should reproduce Slack's documented test vector when signing its example request", () => {
    expect(signSlack(VECTOR.secret, VECTOR.body, VECTOR.ts)['x-slack-signature']).toBe(VECTOR.signature);
    expect(`v0=${createHmac('sha256', VECTOR.secret).update(`v0:${VECTOR.ts}:${VECTOR.body}`).digest('hex')}`).toBe(VECTOR.signature);
    expect(
      verifySlackRequest({
        signingSecret: VECTOR.secret,
        body: VECTOR.body,
        headers: { 'x-slack-signature': VECTOR.signature, 'x-slack-request-timestamp': VECTOR.ts },
        nowMilliseconds: VECTOR.ts * 1000 + 10_000,
      }),
    ).toBeUndefined();
  });
});

/** Answers of the conversation waiting in the outbox. */
async function pendingReplies(db: Queryable, conversation: string): Promise<number> {
  const { rows } = await db.query(
    `SELECT 1 FROM outbox WHERE conversation_id = $1 AND payload->>'kind' = 'bot_reply' AND delivered_at IS NULL AND failed_at IS NULL`,
    [conversation],
  );
  return rows.length;
}

describe.each(testDatabases)('Slack channel over HTTP on $name', (database) => {
  let h: SlackHarness;
  let engine: FakeEngine;
  beforeAll(async () => {
    h = await startSlackHarness({ db: await database.open() });
    engine = h.engine as FakeEngine;
  });
  afterAll(async () => {
    await h.close();
    await h.db.close();
  });
  beforeEach(() => {
    h.fake.reset();
    engine.calls.handleMessage.length = 0;
  });

  it('should answer the url_verification challenge when the request is signed', async () => {
    const body = JSON.stringify({ token: 't', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' });
    const response = await h.post(body, { 'content-type': 'application/json', ...signSlack(SIGNING_SECRET, body) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('should refuse with 401 when the signature is wrong, missing or the timestamp is stale', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'x' });
    const wrong = await h.post(body, { 'content-type': 'application/json', ...signSlack('not-the-secret', body) });
    expect(wrong.status).toBe(401);
    const unsigned = await h.post(body, { 'content-type': 'application/json' });
    expect(unsigned.status).toBe(401);
    const stale = await h.post(body, { 'content-type': 'application/json', ...signSlack(SIGNING_SECRET, body, Math.floor(Date.now() / 1000) - 301) });
    expect(stale.status).toBe(401);
    const tampered = signSlack(SIGNING_SECRET, body);
    const changed = await h.post(body.replace('"x"', '"y"'), { 'content-type': 'application/json', ...tampered });
    expect(changed.status).toBe(401);
    expect(engine.calls.handleMessage).toHaveLength(0);
  });

  it('should answer a mention in its thread with sources and buttons when the bot is mentioned', async () => {
    const started = Date.now();
    const response = await h.sendEvent({ type: 'app_mention', user: 'U1', channel: 'C1', ts: '1700000100.000100', text: `<@${FAKE_BOT.userId}> hvem har arbejdet med velfærdsteknologi?`, event_ts: '1700000100.000100' });
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    const [post] = await h.fake.waitFor('chat.postMessage');
    expect(post!.args.channel).toBe('C1');
    expect(post!.args.thread_ts).toBe('1700000100.000100');
    expect(post!.token).toBe('xoxb-test');
    const blocks = post!.args.blocks as Array<Record<string, any>>;
    const mrkdwn = JSON.stringify(blocks);
    expect(mrkdwn).toContain('*Aalborg Kommune*');
    expect(mrkdwn).toContain('<https://example.dk/cases/aalborg-ejerskab|[1]>');
    expect(blocks.some((block) => block.type === 'section' && String(block.text?.text).startsWith('*Kilder*'))).toBe(true);
    const actions = blocks.find((block) => block.type === 'actions')!;
    const ids = (actions.elements as Array<{ action_id: string; value: string }>).map((element) => element.action_id);
    expect(ids).toEqual(expect.arrayContaining(['kc_feedback_up', 'kc_feedback_down', 'kc_escalate']));
    const message = engine.calls.handleMessage[0]!;
    expect(message).toMatchObject({ channel: 'slack', conversationId: 'C1', threadId: '1700000100.000100', messageId: '1700000100.000100', text: 'hvem har arbejdet med velfærdsteknologi?' });
    expect(message.user).toMatchObject({ id: 'U1', audience: 'internal', displayName: 'Bruger U1' });
    expect((message as unknown as { deliveryRef: unknown }).deliveryRef).toEqual({ channel: 'C1', thread_ts: '1700000100.000100' });
    // The bot's ids come from one auth.test on the first event, not from the constructor.
    expect(h.fake.callsTo('auth.test')).toHaveLength(1);
  });

  it('should refuse with 401, before any processing, a correctly signed event timestamped more than 300 s in the future', async () => {
    const now = Math.floor(Date.now() / 1000);
    const event = (ts: string) => JSON.stringify({
      token: 'legacy', team_id: FAKE_BOT.teamId, api_app_id: 'A1', type: 'event_callback', event_id: `EvFuture${ts}`, event_time: now,
      event: { type: 'app_mention', user: 'U1', channel: 'C1', ts, text: `<@${FAKE_BOT.userId}> hvem har arbejdet med velfærdsteknologi?` },
      authorizations: [{ team_id: FAKE_BOT.teamId, user_id: FAKE_BOT.userId, is_bot: true, is_enterprise_install: false }],
    });
    const future = event('1700000090.000100');
    const refused = await h.post(future, { 'content-type': 'application/json', ...signSlack(SIGNING_SECRET, future, now + 3600) });
    expect(refused.status).toBe(401);
    const tooEarly = await h.post(future, { 'content-type': 'application/json', ...signSlack(SIGNING_SECRET, future, now + 301 + 5) });
    expect(tooEarly.status).toBe(401);
    // Within the margin for clock differences it is served.
    const skewed = event('1700000091.000100');
    expect((await h.post(skewed, { 'content-type': 'application/json', ...signSlack(SIGNING_SECRET, skewed, now + 240) })).status).toBe(200);
    await h.fake.waitFor('chat.postMessage');
    expect(engine.calls.handleMessage.map((message) => message.messageId)).toEqual(['1700000091.000100']);
  });

  it('should not answer twice when Slack retries the same event or sends the message as two events', async () => {
    const event = { type: 'app_mention', user: 'U1', channel: 'C1', ts: '1700000200.000100', text: `<@${FAKE_BOT.userId}> hej`, event_ts: '1700000200.000100' };
    await h.sendEvent(event, { eventId: 'EvRETRY1' });
    await h.fake.waitFor('chat.postMessage');
    const retry = await h.sendEvent(event, { eventId: 'EvRETRY1', retryNum: 1 });
    expect(retry.status).toBe(200);
    // The same message as a message.channels event in an answer channel would have another event id.
    await h.sendEvent({ ...event, type: 'message', channel_type: 'channel' }, { eventId: 'EvRETRY2' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(engine.calls.handleMessage).toHaveLength(1);
  });

  it('should drop a retried event that is not a message by its event id (an Assistant thread is greeted once)', async () => {
    const started = { type: 'assistant_thread_started', event_ts: '1700000250.000200',
      assistant_thread: { user_id: 'U1', channel_id: 'D25', thread_ts: '1700000250.000100', context: { channel_id: 'C1', team_id: 'T1', enterprise_id: null } } };
    await h.sendEvent(started, { eventId: 'EvRETRY3' });
    await h.fake.waitFor('assistant.threads.setSuggestedPrompts');
    expect((await h.sendEvent(started, { eventId: 'EvRETRY3', retryNum: 1 })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(h.fake.callsTo('assistant.threads.setSuggestedPrompts')).toHaveLength(1);
  });

  it("should continue the DM's conversation when a follow-up arrives in the same DM", async () => {
    await h.sendEvent({ type: 'message', channel_type: 'im', channel: 'D1', user: 'U2', ts: '1700000300.000100', text: 'hvem har gjort noget med velfærdsteknologi?', client_msg_id: 'm1' });
    await h.fake.waitFor('chat.postMessage');
    await h.sendEvent({ type: 'message', channel_type: 'im', channel: 'D1', user: 'U2', ts: '1700000301.000100', text: 'hvem kan jeg kontakte?', client_msg_id: 'm2' });
    const posts = await h.fake.waitFor('chat.postMessage', 2);
    const [first, second] = engine.calls.handleMessage;
    expect(second!.text).toBe('hvem kan jeg kontakte?');
    expect([second!.conversationId, second!.threadId]).toEqual([first!.conversationId, first!.threadId]);
    expect(first).toMatchObject({ conversationId: 'D1', threadId: '' });
    expect(posts.every((post) => post.args.channel === 'D1' && post.args.thread_ts === undefined)).toBe(true);
    expect(h.fake.callsTo('auth.test')).toHaveLength(0);
  });

  it('should keep a threaded follow-up in the thread when someone mentions the bot there again', async () => {
    await h.sendEvent({ type: 'app_mention', user: 'U3', channel: 'C2', ts: '1700000400.000100', text: `<@${FAKE_BOT.userId}> velfærdsteknologi?` });
    await h.sendEvent({ type: 'app_mention', user: 'U3', channel: 'C2', ts: '1700000401.000100', thread_ts: '1700000400.000100', text: `<@${FAKE_BOT.userId}> hvem kan jeg kontakte?` });
    const posts = await h.fake.waitFor('chat.postMessage', 2);
    expect(engine.calls.handleMessage.map((m) => m.threadId)).toEqual(['1700000400.000100', '1700000400.000100']);
    expect(posts.map((post) => post.args.thread_ts)).toEqual(['1700000400.000100', '1700000400.000100']);
  });

  it("should answer the asker's un-mentioned replies in the bot's thread, but not other people's", async () => {
    await h.sendEvent({ type: 'app_mention', user: 'U5', channel: 'C3', ts: '1700000450.000100', text: `<@${FAKE_BOT.userId}> velfærdsteknologi?` });
    await h.fake.waitFor('chat.postMessage');
    await h.sendEvent({ type: 'message', channel_type: 'channel', user: 'U6', channel: 'C3', ts: '1700000451.000100', thread_ts: '1700000450.000100', text: 'sjovt' });
    await h.sendEvent({ type: 'message', channel_type: 'channel', user: 'U5', channel: 'C3', ts: '1700000452.000100', thread_ts: '1700000450.000100', text: 'hvem kan jeg kontakte?' });
    await h.fake.waitFor('chat.postMessage', 2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(engine.calls.handleMessage.map((m) => [m.user.id, m.threadId, m.text])).toEqual([
      ['U5', '1700000450.000100', 'velfærdsteknologi?'],
      ['U5', '1700000450.000100', 'hvem kan jeg kontakte?'],
    ]);
  });

  it("should ignore the bot's own messages, other bots and edits", async () => {
    await h.sendEvent({ type: 'message', channel_type: 'im', channel: 'D1', user: FAKE_BOT.userId, bot_id: FAKE_BOT.botId, ts: '1700000500.000100', text: 'mit eget svar' });
    await h.sendEvent({ type: 'message', channel_type: 'im', channel: 'D1', bot_id: 'BOTHER', subtype: 'bot_message', ts: '1700000501.000100', text: 'en anden bot' });
    await h.sendEvent({ type: 'message', channel_type: 'im', channel: 'D1', user: 'U2', bot_id: 'BOTHER', ts: '1700000502.000100', text: 'bot som bruger' });
    await h.sendEvent({ type: 'message', subtype: 'message_changed', channel_type: 'im', channel: 'D1', ts: '1700000503.000100', message: { text: 'rettet' } });
    await h.sendEvent({ type: 'message', channel_type: 'channel', channel: 'C9', user: 'U2', ts: '1700000504.000100', text: 'ikke til botten' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(engine.calls.handleMessage).toHaveLength(0);
  });

  it('should apologise in the thread when the engine fails', async () => {
    engine.failNext('handleMessage');
    await h.sendEvent({ type: 'app_mention', user: 'U1', channel: 'C1', ts: '1700000600.000100', text: `<@${FAKE_BOT.userId}> hej` });
    const [post] = await h.fake.waitFor('chat.postMessage');
    expect(post!.args.thread_ts).toBe('1700000600.000100');
    expect(post!.args.text).toMatch(/^Beklager/);
    expect(post!.args.text).not.toContain('/srv/secret');
  });

  it('should apologise in English to a user who wrote in English, in the thread and to a private slash command', async () => {
    engine.failNext('handleMessage');
    await h.sendEvent({ type: 'app_mention', user: 'U1', channel: 'C1', ts: '1700000610.000100', text: `<@${FAKE_BOT.userId}> who has tried home rehabilitation?` });
    const posts = await h.fake.waitFor('chat.postMessage');
    expect(posts.find((post) => post.args.thread_ts === '1700000610.000100')!.args.text).toMatch(/^Sorry, something went wrong/);

    h.fake.failNext('chat.postMessage', { error: 'not_in_channel' });
    engine.failNext('handleMessage');
    const before = h.fake.responses.length;
    await h.sendCommand({ channel_id: 'C6', channel_name: 'privat', user_id: 'U8', user_name: 'jens', command: '/spørg', text: 'which method should we use to involve citizens?' });
    await eventually(() => expect(h.fake.responses.length).toBe(before + 1));
    expect(h.fake.responses.at(-1)!.args).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/^Sorry, something went wrong/) });
  });

  it('should retry once in process and post once when Slack answers 429 and then accepts the post', async () => {
    h.fake.failNext('chat.postMessage', { status: 429, retryAfter: 0 });
    await h.sendEvent({ type: 'app_mention', user: 'U1', channel: 'C1', ts: '1700000700.000100', text: `<@${FAKE_BOT.userId}> hej` });
    await h.fake.waitFor('chat.postMessage', 2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const posts = h.fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(2);
    expect(posts.every((post) => post.args.thread_ts === '1700000700.000100' && Array.isArray(post.args.blocks))).toBe(true);
    expect(engine.calls.handleMessage).toHaveLength(1);
    expect(h.logger.at('warn').filter((entry) => entry.message.includes('retrying'))).toHaveLength(1);
    expect(await pendingReplies(h.db, 'slack:C1:1700000700.000100')).toBe(0);
  });

  describe('when Slack keeps failing', () => {
    let clock: Date;
    let dispatcher: OutboxDispatcher;
    beforeAll(() => {
      clock = new Date();
      dispatcher = createOutboxDispatcher({
        db: h.db, notifiers: [], deliveryPorts: [h.channel.deliveryPort], logger: silentLogger,
        backoff: { baseMs: 60_000, maxMs: 600_000, maxAttempts: 5 }, now: () => clock,
      });
    });
    /** The dispatcher's clock: now (rows are due from their insertion, by the database's clock), plus `ms`. */
    const later = (ms: number) => void (clock = new Date(Math.max(Date.now(), clock.getTime()) + ms));

    it('should queue the answer in the outbox with no apology, and the dispatcher should post it once with sources and buttons', async () => {
      h.fake.failNext('chat.postMessage', { status: 500 });
      h.fake.failNext('chat.postMessage', { status: 429, retryAfter: 0 });
      await h.sendEvent({ type: 'app_mention', user: 'U1', channel: 'C1', ts: '1700000710.000100', text: `<@${FAKE_BOT.userId}> hvem har prøvet velfærdsteknologi?` });
      await eventually(async () => expect(await pendingReplies(h.db, 'slack:C1:1700000710.000100')).toBe(1));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(h.fake.callsTo('chat.postMessage')).toHaveLength(2); // the two failed attempts; no apology
      expect(h.fake.callsTo('chat.postMessage').some((post) => post.response)).toBe(false);

      // Slack is still down at the first dispatch: the row is retried later, not lost.
      h.fake.failNext('chat.postMessage', { status: 500 });
      later(0);
      expect(await dispatcher.runOnce()).toEqual({ delivered: 0, failed: 0, retried: 1 });
      expect(await dispatcher.runOnce()).toEqual({ delivered: 0, failed: 0, retried: 0 }); // backing off
      later(61_000);
      expect(await dispatcher.runOnce()).toEqual({ delivered: 1, failed: 0, retried: 0 });
      later(600_000);
      expect(await dispatcher.runOnce()).toEqual({ delivered: 0, failed: 0, retried: 0 });

      const delivered = h.fake.callsTo('chat.postMessage').filter((post) => post.response);
      expect(delivered).toHaveLength(1);
      expect(delivered[0]!.args).toMatchObject({ channel: 'C1', thread_ts: '1700000710.000100' });
      const blocks = JSON.stringify(delivered[0]!.args.blocks);
      expect(blocks).toContain('kc_feedback_up');
      expect(blocks).toContain('kc_escalate');
      expect(blocks).toMatch(/\[1\]/);
      expect(h.fake.callsTo('chat.postMessage').some((post) => /Beklager/.test(String(post.args.text)))).toBe(false);
      expect(engine.calls.handleMessage).toHaveLength(1);
      expect(await pendingReplies(h.db, 'slack:C1:1700000710.000100')).toBe(0);
      // Queueing the same reply again (a retried job, say) adds nothing.
      const reply = [...engine.replies.values()].at(-1)!;
      expect(await enqueueBotReply(h.db, { conversationKey: 'slack:C1:1700000710.000100', channel: 'slack', reply })).toBe(false);
    });

    it('should queue a later answer in the same thread behind a waiting one, and deliver both in order', async () => {
      const thread = '1700000720.000100';
      h.fake.failNext('chat.postMessage', { status: 500 });
      h.fake.failNext('chat.postMessage', { status: 500 });
      engine.queueReply({ text: 'Første svar.' });
      await h.sendEvent({ type: 'app_mention', user: 'U1', channel: 'C1', ts: thread, text: `<@${FAKE_BOT.userId}> første` });
      await eventually(async () => expect(await pendingReplies(h.db, `slack:C1:${thread}`)).toBe(1));
      // Slack is back, but the first answer is still waiting: the second one queues behind it.
      engine.queueReply({ text: 'Andet svar.' });
      await h.sendEvent({ type: 'app_mention', user: 'U1', channel: 'C1', ts: '1700000721.000100', thread_ts: thread, text: `<@${FAKE_BOT.userId}> anden` });
      await eventually(async () => expect(await pendingReplies(h.db, `slack:C1:${thread}`)).toBe(2));
      expect(h.fake.callsTo('chat.postMessage').filter((post) => post.response)).toHaveLength(0);

      // One row per conversation per run: the second waits until the first is delivered (the loop runs again at once).
      later(0);
      expect((await dispatcher.runOnce()).delivered).toBe(1);
      expect((await dispatcher.runOnce()).delivered).toBe(1);
      const texts = h.fake.callsTo('chat.postMessage').filter((post) => post.response).map((post) => post.args.text);
      expect(texts).toEqual(['Første svar.', 'Andet svar.']);
    });

    it('should still post the text alone when Slack refuses the blocks, and apologise after a platform error, queueing nothing', async () => {
      h.fake.failNext('chat.postMessage', { error: 'invalid_blocks' });
      await h.sendEvent({ type: 'app_mention', user: 'U1', channel: 'C1', ts: '1700000730.000100', text: `<@${FAKE_BOT.userId}> hej` });
      const [, plain] = await h.fake.waitFor('chat.postMessage', 2);
      expect(plain!.args.blocks).toHaveLength(1);
      expect(plain!.response).toBeDefined();

      h.fake.failNext('chat.postMessage', { error: 'channel_not_found' });
      await h.sendEvent({ type: 'app_mention', user: 'U1', channel: 'C1', ts: '1700000740.000100', text: `<@${FAKE_BOT.userId}> hej` });
      await eventually(() => expect(h.fake.callsTo('chat.postMessage').filter((post) => post.args.thread_ts === '1700000740.000100')).toHaveLength(2));
      const [, apology] = h.fake.callsTo('chat.postMessage').filter((post) => post.args.thread_ts === '1700000740.000100');
      expect(apology!.args.text).toMatch(/^Beklager/);
      expect(await pendingReplies(h.db, 'slack:C1:1700000730.000100')).toBe(0);
      expect(await pendingReplies(h.db, 'slack:C1:1700000740.000100')).toBe(0);
    });
  });

  it('should answer the slash command in a thread it starts', async () => {
    const response = await h.sendCommand({ channel_id: 'C5', channel_name: 'innovation', user_id: 'U7', user_name: 'mette', command: '/spørg', text: 'hvem har arbejdet med velfærdsteknologi?' });
    expect(response.status).toBe(200);
    const [question, answer] = await h.fake.waitFor('chat.postMessage', 2);
    expect(question!.args).toMatchObject({ channel: 'C5', text: '<@U7> spurgte: hvem har arbejdet med velfærdsteknologi?' });
    const threadTs = question!.response!.ts as string;
    expect(answer!.args.thread_ts).toBe(threadTs);
    expect(engine.calls.handleMessage.at(-1)).toMatchObject({ conversationId: 'C5', threadId: threadTs, text: 'hvem har arbejdet med velfærdsteknologi?', user: { id: 'U7', displayName: 'mette' } });
  });

  it('should answer the slash command privately when the bot cannot post in the channel', async () => {
    h.fake.failNext('chat.postMessage', { error: 'not_in_channel' });
    await h.sendCommand({ channel_id: 'C6', channel_name: 'privat', user_id: 'U8', user_name: 'jens', command: '/spørg', text: 'velfærdsteknologi?' });
    await eventually(() => expect(h.fake.responses).toHaveLength(1));
    expect(h.fake.responses[0]!.args).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(h.fake.responses[0]!.args.blocks)).toContain('kc_feedback_up');
    expect(engine.calls.handleMessage.at(-1)).toMatchObject({ conversationId: 'C6', threadId: 'slash-U8', deliveryRef: { channel: 'U8' } });
  });
});
