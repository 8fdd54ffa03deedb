/**
 * The hand-off through Slack end to end, with the real engine on the sample library, the real escalation service,
 * adviser store and outbox dispatcher, a real Bolt app and the fake Slack Web API: "Tal med en rådgiver" puts a card
 * in the advisers' channel; only linked advisers may claim; the claimer's thread replies reach the user's thread;
 * Resolve hands the thread back to the bot.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdviserStore } from '../../bot/advisers/index.js';
import { createEscalationService, createOutboxDispatcher, DEFAULT_OFFICE_HOURS, type OutboxDispatcher } from '../../bot/escalation/index.js';
import type { KnowledgeBase } from '../../knowledge/index.js';
import { FAKE_BOT, type RecordedCall } from '../fakes/fake-slack-api.js';
import { engineOn, openEngineKnowledge, recordingLogger } from '../support/engine-harness.js';
import { testDatabases } from '../support/test-databases.js';
import { buttonClick, startSlackHarness, type SlackHarness } from '../unit/adapters/slack/slack-harness.js';

const THREAD = '1700005000.000100';
const blocksText = (call: RecordedCall | undefined) => JSON.stringify(call?.args.blocks ?? call?.args.text);

describe('hand-off to an adviser in Slack', () => {
  let knowledge: KnowledgeBase;
  let h: SlackHarness;
  let dispatcher: OutboxDispatcher;
  let draftsDir: string;
  let escalationId: string;
  let cardTs: string;

  beforeAll(async () => {
    knowledge = await openEngineKnowledge(testDatabases[0]!);
    const { engine } = engineOn(knowledge);
    const logger = recordingLogger();
    draftsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-slack-drafts-'));
    const escalations = createEscalationService({ db: knowledge.db, logger, officeHours: DEFAULT_OFFICE_HOURS, targetWorkingHours: 4, draftsDir });
    const advisers = createAdviserStore(knowledge.db);
    await advisers.add({ name: 'Anna Rådgiver', email: 'anna@kraftcenter.example.dk' });
    await advisers.linkSlack('anna@kraftcenter.example.dk', 'UANNA');
    h = await startSlackHarness({ db: knowledge.db, engine, escalations, advisers, identity: true });
    dispatcher = createOutboxDispatcher({
      db: knowledge.db, notifiers: [h.channel.notifier!], deliveryPorts: [h.channel.deliveryPort], logger,
      backoff: { baseMs: 10, maxMs: 50, maxAttempts: 5 },
    });
  });
  afterAll(async () => {
    await h?.close();
    await knowledge?.close();
    fs.rmSync(draftsDir, { recursive: true, force: true });
  });

  const postsTo = (channel: string) => h.fake.callsTo('chat.postMessage').filter((call) => call.args.channel === channel);

  it('should answer a mention with a cited answer from the sample library', async () => {
    await h.sendEvent({ type: 'app_mention', user: 'U1', channel: 'C1', ts: THREAD, text: `<@${FAKE_BOT.userId}> Hvilke kommuner har arbejdet med hverdagsrehabilitering?` });
    const [answer] = await h.fake.waitFor('chat.postMessage');
    expect(answer!.args.thread_ts).toBe(THREAD);
    expect(blocksText(answer)).toContain('*Kilder*');
  });

  it('should post an escalation card in the advisers\' channel when "Tal med en rådgiver" is clicked', async () => {
    h.fake.reset();
    await h.sendAction(buttonClick(h.fake, { actionId: 'kc_escalate', value: `thread:${THREAD}`, threadTs: THREAD, user: 'U1' }));
    const [confirmation] = await h.fake.waitFor('chat.postMessage');
    expect(confirmation!.args).toMatchObject({ channel: 'C1', thread_ts: THREAD });
    expect(await dispatcher.runOnce()).toMatchObject({ delivered: expect.any(Number), failed: 0 });
    const [card] = postsTo('CADV');
    expect(card).toBeDefined();
    expect(blocksText(card)).toContain('hverdagsrehabilitering');
    expect(blocksText(card)).toContain('Venter på en rådgiver');
    expect(blocksText(card)).not.toContain('**');
    const claim = (card!.args.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>)
      .find((block) => block.type === 'actions')!.elements!.find((element) => element.action_id === 'kc_escalation_claim')!;
    escalationId = claim.value;
    cardTs = card!.response!.ts as string;
    const { rows } = await knowledge.db.query<{ ts: string }>('SELECT ts FROM slack_escalation_cards WHERE escalation_id = $1', [escalationId]);
    expect(rows[0]!.ts).toBe(cardTs);
  });

  it('should list the open escalation in the App Home of advisers only', async () => {
    h.fake.reset();
    await h.sendEvent({ type: 'app_home_opened', user: 'UANNA', channel: 'DANNA', tab: 'home', event_ts: '1700005010.000100' });
    await h.sendEvent({ type: 'app_home_opened', user: 'UOTHER', channel: 'DOTHER', tab: 'home', event_ts: '1700005011.000100' });
    const views = await h.fake.waitFor('views.publish', 2);
    const anna = views.find((call) => call.args.user_id === 'UANNA')!;
    const other = views.find((call) => call.args.user_id === 'UOTHER')!;
    expect(JSON.stringify(anna.args.view)).toContain('hverdagsrehabilitering');
    expect(JSON.stringify(anna.args.view)).toContain(escalationId);
    expect(JSON.stringify(other.args.view)).not.toContain(escalationId);
    expect(other.args.view.type).toBe('home');
  });

  it('should refuse a claim by someone who is not a linked adviser, ephemerally', async () => {
    h.fake.reset();
    await h.sendAction(buttonClick(h.fake, { actionId: 'kc_escalation_claim', value: escalationId, user: 'UOTHER', channel: 'CADV', messageTs: cardTs }));
    const [refusal] = await h.fake.waitFor('chat.postEphemeral');
    expect(refusal!.args).toMatchObject({ channel: 'CADV', user: 'UOTHER' });
    expect(refusal!.args.text).toMatch(/^Kun rådgivere kan overtage sager/);
    expect(h.fake.callsTo('chat.update')).toHaveLength(0);
  });

  it('should let the linked adviser claim, update the card and tell the user who took over', async () => {
    h.fake.reset();
    await h.sendAction(buttonClick(h.fake, { actionId: 'kc_escalation_claim', value: escalationId, user: 'UANNA', channel: 'CADV', messageTs: cardTs }));
    const [update] = await h.fake.waitFor('chat.update');
    expect(update!.args).toMatchObject({ channel: 'CADV', ts: cardTs });
    expect(blocksText(update)).toContain('Overtaget af Anna Rådgiver');
    expect(blocksText(update)).toContain('kc_escalation_resolve');
    expect(blocksText(update)).not.toContain('kc_escalation_claim');
    await dispatcher.runOnce();
    const joined = postsTo('C1').at(-1);
    expect(joined!.args.thread_ts).toBe(THREAD);
    expect(blocksText(joined)).toContain('Anna');
  });

  it("should put the user's thread replies (no mention needed) in the card's thread while the adviser has it", async () => {
    h.fake.reset();
    await h.sendEvent({ type: 'message', channel_type: 'channel', channel: 'C1', user: 'U1', ts: '1700005050.000100', thread_ts: THREAD, text: 'Tak! Har I også noget om ældrepleje?' });
    const [ack] = await h.fake.waitFor('chat.postMessage');
    expect(ack!.args).toMatchObject({ channel: 'C1', thread_ts: THREAD });
    expect(blocksText(ack)).toContain('Anna');
    await dispatcher.runOnce();
    const relayed = postsTo('CADV').at(-1);
    expect(relayed!.args).toMatchObject({ thread_ts: cardTs });
    expect(relayed!.args.text).toContain('Tak! Har I også noget om ældrepleje?');
  });

  it("should deliver the adviser's reply in the card's thread into the user's thread", async () => {
    h.fake.reset();
    await h.sendEvent({ type: 'message', channel_type: 'channel', channel: 'CADV', user: 'UANNA', ts: '1700005100.000100', thread_ts: cardTs, text: 'Hej! Fredericia Kommune er et godt sted at starte.' });
    await h.fake.waitFor('reactions.add');
    await dispatcher.runOnce();
    const delivered = postsTo('C1');
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.args.thread_ts).toBe(THREAD);
    expect(blocksText(delivered[0])).toContain('*Anna Rådgiver:* Hej! Fredericia Kommune er et godt sted at starte.');
  });

  it('should refuse thread replies from people who are not advisers', async () => {
    h.fake.reset();
    await h.sendEvent({ type: 'message', channel_type: 'channel', channel: 'CADV', user: 'UOTHER', ts: '1700005200.000100', thread_ts: cardTs, text: 'Jeg svarer bare' });
    const [refusal] = await h.fake.waitFor('chat.postEphemeral');
    expect(refusal!.args).toMatchObject({ channel: 'CADV', user: 'UOTHER', thread_ts: cardTs });
    await dispatcher.runOnce();
    expect(postsTo('C1')).toHaveLength(0);
  });

  it('should hand the thread back to the bot when the adviser resolves', async () => {
    h.fake.reset();
    await h.sendAction(buttonClick(h.fake, { actionId: 'kc_escalation_resolve', value: escalationId, user: 'UANNA', channel: 'CADV', messageTs: cardTs }));
    const [update] = await h.fake.waitFor('chat.update');
    expect(blocksText(update)).toContain('Afsluttet af Anna Rådgiver');
    expect(blocksText(update)).not.toContain('kc_escalation_resolve');
    await dispatcher.runOnce();
    const back = postsTo('C1').at(-1);
    expect(back!.args.thread_ts).toBe(THREAD);
    expect(blocksText(back)).toContain('assistent igen');
    h.fake.reset();
    await h.sendEvent({ type: 'app_mention', user: 'U1', channel: 'C1', ts: '1700005300.000100', thread_ts: THREAD, text: `<@${FAKE_BOT.userId}> hvem kan jeg kontakte?` });
    const [answer] = await h.fake.waitFor('chat.postMessage');
    expect(answer!.args.thread_ts).toBe(THREAD);
    // The bot is back and resolves the follow-up from the thread's earlier question.
    expect(blocksText(answer)).toContain('kontaktoplysninger');
    expect(blocksText(answer)).toContain('fredericia.example.dk');
  });
});
