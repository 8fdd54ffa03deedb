/**
 * What the Slack adapter sends on the hand-off's behalf, against the fake Web API: the delivery port (user's thread)
 * and the advisers' notifier (one card per escalation, edited in place; user messages and reminders in its thread).
 */
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EscalationSummary, UserDelivery } from '../../../../bot/escalation/escalation-port.js';
import { createSlackStore } from '../../../../bot/store/slack-store.js';
import { silentLogger } from '../../../../config/logger.js';
import type { Db } from '../../../../knowledge/index.js';
import { createSlackAdviserNotifier, createSlackDeliveryPort, withSlackRetry } from '../../../../adapters/slack/index.js';
import { slackClientOptions } from '../../../../adapters/slack/post-with-retry.js';
import { sampleCaseReply } from '../../../fakes/fake-engine.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../../fakes/fake-slack-api.js';
import { testDatabases } from '../../../support/test-databases.js';

let db: Db;
let fake: FakeSlackApi;
let client: webApi.WebClient;
beforeAll(async () => {
  [db, fake] = await Promise.all([testDatabases[0]!.open(), startFakeSlackApi()]);
  client = new webApi.WebClient('xoxb-test', slackClientOptions(fake.url));
});
afterAll(async () => {
  await fake.close();
  await db.close();
});
beforeEach(() => fake.reset());

const delivery = (patch: Partial<UserDelivery>): UserDelivery => ({
  conversationKey: 'slack:C1:1700000000.000100', channel: 'slack', kind: 'adviser_message', text: 'Hej **du**', authorName: 'Anna', language: 'da', ...patch,
});

describe('createSlackDeliveryPort', () => {
  const port = () => createSlackDeliveryPort({ client });

  it("should post into the user's thread from the stored reference, the adviser's name first", async () => {
    await port().deliver(delivery({ deliveryRef: { channel: 'C7', thread_ts: '1700000007.000100' } }));
    const [post] = fake.callsTo('chat.postMessage');
    expect(post!.args).toMatchObject({ channel: 'C7', thread_ts: '1700000007.000100', text: 'Hej du' });
    expect(post!.args.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: '*Anna:* Hej *du*' } }]);
  });

  it('should fall back to the conversation key, post ephemerally when the answer was ephemeral, and throw without a place', async () => {
    await port().deliver(delivery({ kind: 'bot_back', text: 'Botten er tilbage.' }));
    expect(fake.callsTo('chat.postMessage')[0]!.args).toMatchObject({ channel: 'C1', thread_ts: '1700000000.000100' });
    await port().deliver(delivery({ deliveryRef: { channel: 'C2', thread_ts: '1.2', user: 'U9', ephemeral: true } }));
    expect(fake.callsTo('chat.postEphemeral')[0]!.args).toMatchObject({ channel: 'C2', user: 'U9', thread_ts: '1.2' });
    await expect(port().deliver(delivery({ conversationKey: 'slack:abc' }))).rejects.toThrow(/no Slack delivery reference/);
  });

  it('should throw when Slack fails, so the outbox retries it', async () => {
    fake.failNext('chat.postMessage', { status: 500 });
    await expect(port().deliver(delivery({}))).rejects.toBeInstanceOf(webApi.WebAPIHTTPError);
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 3 });
    await expect(port().deliver(delivery({}))).rejects.toBeInstanceOf(webApi.WebAPIRateLimitedError);
  });

  it('should render a queued answer like a live one: blocks with sources and buttons, intro line, where the question was', async () => {
    const reply = sampleCaseReply('reply-q1', 'C3');
    await port().deliver(delivery({ kind: 'bot_reply', text: reply.text, reply, deliveryRef: { channel: 'C3', thread_ts: '1700000003.000100', intro: '<@U3> spurgte: hvem?' } }));
    const [post] = fake.callsTo('chat.postMessage');
    expect(post!.args).toMatchObject({ channel: 'C3', thread_ts: '1700000003.000100' });
    expect(post!.args.blocks[0]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '<@U3> spurgte: hvem?' }] });
    const blocks = JSON.stringify(post!.args.blocks);
    expect(blocks).toContain('kc_feedback_up');
    expect(blocks).toContain('reply-q1');
    expect(blocks).toContain('[1]');
    await port().deliver(delivery({ kind: 'bot_reply', text: reply.text, reply, deliveryRef: { channel: 'C3', thread_ts: '1.3', user: 'U3', ephemeral: true } }));
    expect(fake.callsTo('chat.postEphemeral')[0]!.args).toMatchObject({ channel: 'C3', user: 'U3', thread_ts: '1.3' });
  });

  it('should post a queued answer as plain text when Slack refuses its blocks, and throw without the answer', async () => {
    const reply = sampleCaseReply('reply-q2', 'C4');
    fake.failNext('chat.postMessage', { error: 'invalid_blocks' });
    await port().deliver(delivery({ kind: 'bot_reply', text: reply.text, reply, deliveryRef: { channel: 'C4' } }));
    const [refused, plain] = fake.callsTo('chat.postMessage');
    expect(refused!.response).toBeUndefined();
    expect(plain!.args.blocks).toHaveLength(1);
    expect(plain!.args.text).toBe(refused!.args.text);
    await expect(port().deliver(delivery({ kind: 'bot_reply', deliveryRef: { channel: 'C4' } }))).rejects.toThrow(/without a reply/);
  });
});

describe('withSlackRetry', () => {
  it('should retry rate limits and outages but not platform errors', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 0 });
    fake.failNext('chat.postMessage', { status: 500 });
    const policy = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };
    await withSlackRetry(() => client.chat.postMessage({ channel: 'C1', text: 'x' }), policy);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(3);
    fake.failNext('chat.postMessage', { error: 'channel_not_found' });
    await expect(withSlackRetry(() => client.chat.postMessage({ channel: 'C1', text: 'x' }), policy)).rejects.toBeInstanceOf(webApi.WebAPIPlatformError);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(4);
  });
});

describe('createSlackAdviserNotifier', () => {
  let counter = 0;
  async function escalation(status: EscalationSummary['status'] = 'queued'): Promise<EscalationSummary> {
    const id = `esc-${++counter}`;
    const conversation = `slack:C1:17000000${counter}.000100`;
    await db.query(`INSERT INTO conversations (id, channel, external_id, thread_id) VALUES ($1, 'slack', 'C1', $2)`, [conversation, `17000000${counter}.000100`]);
    await db.query(
      `INSERT INTO escalations (id, conversation_id, status, trigger, channel, question, summary, due_at) VALUES ($1, $2, $3, 'user_request', 'slack', 'Hvem?', 'Resumé', now())`,
      [id, conversation, status],
    );
    return { id, status, trigger: 'user_request', channel: 'slack', language: 'da', question: 'Hvem har prøvet det?', summary: '**Kort**',
      userName: 'Mette', createdAt: new Date().toISOString(), dueAt: new Date().toISOString(), ageMinutes: 3, overdue: false };
  }
  const notifier = () => createSlackAdviserNotifier({ client, cards: createSlackStore(db), channel: 'CADV', logger: silentLogger });

  it('should post one card per escalation and edit it in place afterwards', async () => {
    const summary = await escalation();
    await notifier().notify({ type: 'escalation.created', escalation: summary });
    const [card] = fake.callsTo('chat.postMessage');
    expect(card!.args.channel).toBe('CADV');
    expect(JSON.stringify(card!.args.blocks)).toContain('kc_escalation_claim');
    await notifier().notify({ type: 'escalation.created', escalation: summary });
    await notifier().notify({ type: 'escalation.claimed', escalation: { ...summary, status: 'claimed', adviserName: 'Anna' } });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    const updates = fake.callsTo('chat.update');
    expect(updates).toHaveLength(2);
    expect(updates[1]!.args.ts).toBe(card!.response!.ts);
    expect(JSON.stringify(updates[1]!.args.blocks)).toContain('Overtaget af Anna');
  });

  it("should put the user's messages and reminders in the card's thread", async () => {
    const summary = await escalation();
    await notifier().notify({ type: 'escalation.user_message', escalation: summary, text: 'Er der **nyt**? <script>' });
    const [card, message] = fake.callsTo('chat.postMessage');
    expect(message!.args).toMatchObject({ channel: 'CADV', thread_ts: card!.response!.ts, text: '*Mette skrev:* Er der *nyt*? &lt;script&gt;' });
    await notifier().notify({ type: 'escalation.reminder', escalation: { ...summary, ageMinutes: 300, overdue: true } });
    expect(fake.callsTo('chat.postMessage').at(-1)!.args.text).toMatch(/^⏰ Påmindelse: sagen har ventet i 5 t/);
  });

  it('should post the card again when the old one was deleted in Slack', async () => {
    const summary = await escalation();
    await notifier().notify({ type: 'escalation.created', escalation: summary });
    fake.failNext('chat.update', { error: 'message_not_found' });
    await notifier().notify({ type: 'escalation.resolved', escalation: { ...summary, status: 'resolved', adviserName: 'Anna' } });
    const posts = fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(2);
    expect(JSON.stringify(posts[1]!.args.blocks)).toContain('Afsluttet af Anna');
    const { rows } = await db.query<{ ts: string }>('SELECT ts FROM slack_escalation_cards WHERE escalation_id = $1', [summary.id]);
    expect(rows[0]!.ts).toBe(posts[1]!.response!.ts);
  });
});
