/**
 * Buttons, the Assistant panel and channel settings against a real Bolt app and the fake Slack Web API: 👍/👎 stored
 * through the engine, "Tal med en rådgiver", suggested follow-ups, suggested prompts and status in the Assistant
 * panel, ephemeral answers, answer channels and Slack's block limits on a very long answer.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../knowledge/index.js';
import { SUGGESTED_PROMPTS } from '../../adapters/slack/slack-texts.js';
import type { FakeEngine } from '../fakes/fake-engine.js';
import { FAKE_BOT } from '../fakes/fake-slack-api.js';
import { testDatabases } from '../support/test-databases.js';
import { buttonClick, startSlackHarness, type SlackHarness } from '../unit/adapters/slack/slack-harness.js';

let db: Db;
beforeAll(async () => {
  db = await testDatabases[0]!.open();
});
afterAll(() => db.close());

describe('answer buttons', () => {
  let h: SlackHarness;
  let engine: FakeEngine;
  beforeAll(async () => {
    h = await startSlackHarness({ db });
    engine = h.engine as FakeEngine;
  });
  afterAll(() => h.close());
  beforeEach(() => h.fake.reset());

  async function askInThread(ts: string): Promise<string> {
    await h.sendEvent({ type: 'app_mention', user: 'U1', channel: 'C1', ts, text: `<@${FAKE_BOT.userId}> velfærdsteknologi?` });
    const [post] = await h.fake.waitFor('chat.postMessage');
    const actions = (post!.args.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).find((block) => block.type === 'actions')!;
    h.fake.reset();
    return actions.elements!.find((element) => element.action_id === 'kc_feedback_up')!.value;
  }

  it('should store 👍 through the engine with the reply id and thank the user privately in the thread', async () => {
    const replyId = await askInThread('1700001000.000100');
    const response = await h.sendAction(buttonClick(h.fake, { actionId: 'kc_feedback_up', value: replyId, threadTs: '1700001000.000100' }));
    expect(response.status).toBe(200);
    const [thanks] = await h.fake.waitFor('chat.postEphemeral');
    expect(engine.calls.recordFeedback.at(-1)).toEqual({ replyId, value: 'up', userId: 'U1', channel: 'slack' });
    expect(thanks!.args).toMatchObject({ channel: 'C1', user: 'U1', thread_ts: '1700001000.000100', text: 'Tak for din feedback.' });
  });

  it('should store 👎 and offer an adviser when the engine suggests one', async () => {
    const replyId = await askInThread('1700001100.000100');
    await h.sendAction(buttonClick(h.fake, { actionId: 'kc_feedback_down', value: replyId, threadTs: '1700001100.000100' }));
    const [offer] = await h.fake.waitFor('chat.postEphemeral');
    expect(engine.calls.recordFeedback.at(-1)).toMatchObject({ replyId, value: 'down' });
    expect(JSON.stringify(offer!.args.blocks)).toContain('"action_id":"kc_escalate"');
  });

  it('should ask the engine for an adviser in the right conversation when "Tal med en rådgiver" is clicked', async () => {
    await askInThread('1700001200.000100');
    await h.sendAction(buttonClick(h.fake, { actionId: 'kc_escalate', value: 'thread:1700001200.000100', threadTs: '1700001200.000100', user: 'U1' }));
    const [post] = await h.fake.waitFor('chat.postMessage');
    expect(engine.calls.requestAdviser.at(-1)).toMatchObject({ channel: 'slack', conversationId: 'C1', threadId: '1700001200.000100', user: { id: 'U1', audience: 'internal' } });
    expect(post!.args).toMatchObject({ channel: 'C1', thread_ts: '1700001200.000100' });
    expect(post!.args.text).toContain('rådgivere');
    expect(JSON.stringify(post!.args.blocks)).not.toContain('kc_escalate');
  });

  it('should answer a suggested follow-up in the same conversation when its button is clicked', async () => {
    await askInThread('1700001300.000100');
    await h.sendAction(buttonClick(h.fake, { actionId: 'kc_follow_up_3', value: 'Hvilke metoder brugte de til implementeringen?', threadTs: '1700001300.000100' }));
    const [post] = await h.fake.waitFor('chat.postMessage');
    expect(engine.calls.handleMessage.at(-1)).toMatchObject({ conversationId: 'C1', threadId: '1700001300.000100', text: 'Hvilke metoder brugte de til implementeringen?' });
    expect(post!.args.thread_ts).toBe('1700001300.000100');
    expect(JSON.stringify(post!.args.blocks)).toContain('<@U1> spurgte: Hvilke metoder');
  });

  it('should split a very long answer within Slack limits and still post it', async () => {
    const paragraph = `${'Velfærdsteknologi kræver **ejerskab** og [gode data](https://example.dk/data) & tid. '.repeat(30)}\n\n`;
    engine.queueReply({ text: paragraph.repeat(120) });
    await h.sendEvent({ type: 'app_mention', user: 'U1', channel: 'C1', ts: '1700001400.000100', text: `<@${FAKE_BOT.userId}> lang` });
    const [post] = await h.fake.waitFor('chat.postMessage');
    const blocks = post!.args.blocks as Array<{ type: string; text?: { text: string }; elements?: Array<{ text?: string }> }>;
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const block of blocks) expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
    expect(JSON.stringify(blocks)).toContain('Svaret er forkortet');
    expect(blocks.at(-1)!.type).toBe('actions');
    expect(String(post!.args.text).length).toBeLessThanOrEqual(3000);
  });
});

describe('Assistant panel', () => {
  let h: SlackHarness;
  let engine: FakeEngine;
  beforeAll(async () => {
    h = await startSlackHarness({ db, identity: true });
    engine = h.engine as FakeEngine;
  });
  afterAll(() => h.close());

  it('should greet and suggest Danish prompts when a thread starts, and remember its context per thread', async () => {
    await h.sendEvent({ type: 'assistant_thread_started', event_ts: '1700002000.000200',
      assistant_thread: { user_id: 'U1', channel_id: 'D9', thread_ts: '1700002000.000100', context: { channel_id: 'C42', team_id: 'T1', enterprise_id: null } } });
    const [prompts] = await h.fake.waitFor('assistant.threads.setSuggestedPrompts');
    expect(prompts!.args).toMatchObject({ channel_id: 'D9', thread_ts: '1700002000.000100', title: SUGGESTED_PROMPTS.title });
    expect((prompts!.args.prompts as Array<{ title: string }>).map((prompt) => prompt.title)).toContain('Hvem har gjort det før?');
    expect(h.fake.callsTo('chat.postMessage')[0]!.args.text).toMatch(/^Hej! Jeg er Kraftcenterets assistent/);
    const { rows } = await db.query<{ context: { channel_id: string } }>("SELECT context FROM slack_assistant_threads WHERE channel_id = 'D9'");
    expect(rows[0]!.context.channel_id).toBe('C42');
    expect(h.fake.callsTo('conversations.replies')).toHaveLength(0);
  });

  it("should show the engine's status before answering in the thread, and title the thread once", async () => {
    h.fake.reset();
    const message = (ts: string, text: string) => ({ type: 'message', channel_type: 'im', channel: 'D9', user: 'U1', text, ts, thread_ts: '1700002000.000100', event_ts: ts, client_msg_id: ts });
    await h.sendEvent(message('1700002001.000100', 'Hvem har arbejdet med velfærdsteknologi?'));
    await h.fake.waitFor('assistant.threads.setTitle');
    await h.sendEvent(message('1700002002.000100', 'hvem kan jeg kontakte?'));
    await h.fake.waitFor('chat.postMessage', 2);
    const order = h.fake.calls.map((call) => call.method).filter((method) => method !== 'users.info');
    expect(order.slice(0, 3)).toEqual(['assistant.threads.setStatus', 'chat.postMessage', 'assistant.threads.setTitle']);
    expect(h.fake.callsTo('assistant.threads.setStatus')[0]!.args).toMatchObject({ channel_id: 'D9', thread_ts: '1700002000.000100', status: 'Søger i biblioteket …' });
    expect(h.fake.callsTo('assistant.threads.setTitle')).toHaveLength(1);
    expect(h.fake.callsTo('assistant.threads.setTitle')[0]!.args.title).toBe('Hvem har arbejdet med velfærdsteknologi?');
    expect(h.fake.callsTo('chat.postMessage').every((post) => post.args.thread_ts === '1700002000.000100')).toBe(true);
    const [first, second] = engine.calls.handleMessage;
    expect([first!.conversationId, first!.threadId]).toEqual(['D9', '1700002000.000100']);
    expect([second!.conversationId, second!.threadId]).toEqual(['D9', '1700002000.000100']);
    expect(h.fake.callsTo('auth.test')).toHaveLength(0);
  });
});

describe('channel settings', () => {
  it('should answer ephemerally in channels, every message in answer channels, and other bots when so configured', async () => {
    const h = await startSlackHarness({ db, identity: true, config: { ephemeralInPublic: true, answerChannels: ['CANSWER'], allowBots: true } });
    try {
      await h.sendEvent({ type: 'message', channel_type: 'channel', channel: 'CANSWER', user: 'U4', ts: '1700003000.000100', text: 'hvem har prøvet velfærdsteknologi?' });
      const [post] = await h.fake.waitFor('chat.postEphemeral');
      expect(post!.args).toMatchObject({ channel: 'CANSWER', user: 'U4', thread_ts: '1700003000.000100' });
      const message = (h.engine as FakeEngine).calls.handleMessage[0] as unknown as { deliveryRef: unknown };
      expect(message.deliveryRef).toEqual({ channel: 'CANSWER', thread_ts: '1700003000.000100', user: 'U4', ephemeral: true });
      await h.sendEvent({ type: 'message', channel_type: 'im', channel: 'D4', user: 'U4', ts: '1700003001.000100', text: 'og i en DM?' });
      const [dm] = await h.fake.waitFor('chat.postMessage');
      expect(dm!.args.channel).toBe('D4');
      // SLACK_ALLOW_BOTS: another bot's message is answered too (never the bot's own).
      await h.sendEvent({ type: 'message', subtype: 'bot_message', channel_type: 'im', channel: 'D5', bot_id: 'BOTHER', ts: '1700003002.000100', text: 'spørgsmål fra en bot' });
      await h.sendEvent({ type: 'message', channel_type: 'im', channel: 'D5', user: FAKE_BOT.userId, bot_id: FAKE_BOT.botId, ts: '1700003003.000100', text: 'mit eget' });
      await h.fake.waitFor('chat.postMessage', 2);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((h.engine as FakeEngine).calls.handleMessage.map((m) => m.user.id)).toEqual(['U4', 'U4', 'BOTHER']);
    } finally {
      await h.close();
    }
  });
});
