/**
 * Cross-channel hand-off: a Teams user escalates, an adviser claims and replies from Slack, the Teams user gets it,
 * and after Resolve the bot answers again. One express app over one database (the sample library) serves both
 * channels the way adapters/server.ts wires them: the real Teams channel (emulator mode, TEAMS_EMULATOR=true, serviceUrl =
 * the fake Bot Framework connector) and the real Slack channel (HTTP mode, signed requests, SLACK_ADVISER_CHANNEL,
 * Web API = the fake Slack API), sharing the real engine, escalation service and adviser store, and one outbox
 * dispatcher with both delivery ports and the Slack notifier. Every step is asserted on the fakes' recorded requests.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdviserStore } from '../../bot/advisers/index.js';
import {
  createEscalationService,
  createOutboxDispatcher,
  DEFAULT_OFFICE_HOURS,
  handoffTexts,
  storedMessageDeliveryPorts,
  type HandoffService,
  type OutboxDispatcher,
} from '../../bot/escalation/index.js';
import { createSlackChannel, loadSlackConfig, type SlackChannel } from '../../adapters/slack/index.js';
import { createTeamsChannel, loadTeamsConfig, type TeamsChannel } from '../../adapters/teams/index.js';
import type { KnowledgeBase } from '../../knowledge/index.js';
import { startFakeBotConnector, type ConnectorRequest, type FakeBotConnector } from '../fakes/fake-bot-connector.js';
import { FAKE_BOT, startFakeSlackApi, type FakeSlackApi, type RecordedCall } from '../fakes/fake-slack-api.js';
import { engineOn, openEngineKnowledge, recordingLogger } from '../support/engine-harness.js';
import { testDatabases } from '../support/test-databases.js';
import { buttonClick, eventually, SIGNING_SECRET, signSlack } from '../unit/adapters/slack/slack-harness.js';
import { cardSubmit, personalMessage, USER } from '../unit/adapters/teams/teams-test-harness.js';

const QUESTION = 'Hvilke kommuner har arbejdet med hverdagsrehabilitering?';
const CONVERSATION = `a:personal-${USER.id}`;
const ADVISER_CHANNEL = 'CADV';
const ADVISER_SLACK_USER = 'UANNA';
const ADVISER_REPLY = 'Hej Ada! Fredericia Kommune er et godt sted at starte.';
const blocksText = (call: RecordedCall | undefined) => JSON.stringify(call?.args.blocks ?? call?.args.text);

describe.each(testDatabases)('cross-channel hand-off: Teams user, Slack adviser ($name)', (database) => {
  let knowledge: KnowledgeBase;
  let escalations: HandoffService;
  let connector: FakeBotConnector;
  let slackApi: FakeSlackApi;
  let teams: TeamsChannel;
  let slack: SlackChannel;
  let dispatcher: OutboxDispatcher;
  let server: http.Server;
  let baseUrl: string;
  let draftsDir: string;
  let escalationId: string;
  let cardTs: string;

  beforeAll(async () => {
    knowledge = await openEngineKnowledge(database);
    const { engine } = engineOn(knowledge);
    const logger = recordingLogger();
    draftsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-cross-channel-drafts-'));
    escalations = createEscalationService({ db: knowledge.db, logger, officeHours: DEFAULT_OFFICE_HOURS, targetWorkingHours: 4, draftsDir });
    const advisers = createAdviserStore(knowledge.db);
    await advisers.add({ name: 'Anna Rådgiver', email: 'anna@kraftcenter.example.dk' });
    await advisers.linkSlack('anna@kraftcenter.example.dk', ADVISER_SLACK_USER);

    connector = await startFakeBotConnector();
    slackApi = await startFakeSlackApi();
    const db = knowledge.db;
    // Emulator mode (no MICROSOFT_APP_ID): replies go to the activity's serviceUrl, the fake connector on this machine.
    teams = createTeamsChannel({ config: loadTeamsConfig({ TEAMS_EMULATOR: 'true' })!, engine, db, escalations, advisers, logger, authTimeoutMs: 2_000 });
    const slackConfig = loadSlackConfig({
      SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slackApi.url, SLACK_ADVISER_CHANNEL: ADVISER_CHANNEL,
    })!;
    expect(slackConfig).toMatchObject({ mode: 'http', adviserChannel: ADVISER_CHANNEL });
    slack = createSlackChannel({
      config: slackConfig, engine, db, escalations, advisers, logger,
      retry: { baseDelayMs: 10, maxDelayMs: 50 }, identity: { botId: FAKE_BOT.botId, botUserId: FAKE_BOT.userId },
    });

    // Mounted as adapters/server.ts mounts them: Teams, then Slack.
    const app = express();
    app.use(teams.router);
    app.use(slack.router!);
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    dispatcher = createOutboxDispatcher({
      db, notifiers: [slack.notifier!], deliveryPorts: [teams.deliveryPort, slack.deliveryPort, ...storedMessageDeliveryPorts()], logger,
      backoff: { baseMs: 10, maxMs: 10, maxAttempts: 3 },
    });
  });
  afterAll(async () => {
    await teams?.drain();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await connector?.close();
    await slackApi?.close();
    await knowledge?.close();
    if (draftsDir) fs.rmSync(draftsDir, { recursive: true, force: true });
  });

  // --- Teams side -------------------------------------------------------------------------------------------------
  const postTeams = (activity: unknown) =>
    fetch(`${baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  const userMessages = (): ConnectorRequest[] => connector.messages().filter((message) => message.conversationId === CONVERSATION);

  // --- Slack side (signed exactly as in test/unit/adapters/slack/slack-harness.ts) --------------------------------
  const postSlack = (rawBody: string, contentType: string) =>
    fetch(`${baseUrl}/slack/events`, { method: 'POST', body: rawBody, headers: { 'content-type': contentType, ...signSlack(SIGNING_SECRET, rawBody) } });
  let eventCounter = 0;
  const sendSlackEvent = (event: Record<string, unknown>) =>
    postSlack(JSON.stringify({
      token: 'legacy', team_id: FAKE_BOT.teamId, api_app_id: 'A1', type: 'event_callback', event_id: `EvCross${++eventCounter}${Date.now()}`,
      event_time: Math.floor(Date.now() / 1000), event,
      authorizations: [{ team_id: FAKE_BOT.teamId, user_id: FAKE_BOT.userId, is_bot: true, is_enterprise_install: false }],
    }), 'application/json');
  const sendSlackAction = (payload: Record<string, unknown>) =>
    postSlack(`payload=${encodeURIComponent(JSON.stringify(payload))}`, 'application/x-www-form-urlencoded');
  const postsTo = (channel: string) => slackApi.callsTo('chat.postMessage').filter((call) => call.args.channel === channel);

  /** Runs the outbox until nothing is left (a conversation's rows go one per run); fails on any failed delivery. */
  const drainOutbox = async () => {
    for (let run = 0; run < 10; run++) {
      const report = await dispatcher.runOnce();
      expect(report.failed).toBe(0);
      if (report.delivered === 0) return;
    }
  };

  it('(1) answers the Teams user\'s 1:1 question with a cited answer on the wire', async () => {
    expect((await postTeams(personalMessage(connector.url, QUESTION))).status).toBe(200);
    const [answer] = userMessages();
    expect(answer).toBeDefined();
    expect(answer!.body.entities[0].citation.length).toBeGreaterThan(0);
    expect(answer!.body.entities[0].additionalType).toEqual(['AIGeneratedContent']);
  });

  it('(2) "Tal med en rådgiver" in Teams opens one escalation whose card the outbox posts in the Slack advisers\' channel', async () => {
    const before = userMessages().length;
    expect((await postTeams(cardSubmit(personalMessage(connector.url, ''), 'card-1', { kraftcenter: 'request_adviser' }))).status).toBe(200);
    // The Teams user is told an adviser will take over.
    const confirmation = userMessages().slice(before).map((message) => String(message.body.text ?? ''));
    expect(confirmation.join('\n')).toContain('rådgiver');
    const queued = await escalations.list({ status: ['queued'], channel: 'teams' });
    expect(queued).toHaveLength(1);
    expect((await escalations.get(queued[0]!.id))?.conversationKey).toBe(`teams:${CONVERSATION}`);

    expect(postsTo(ADVISER_CHANNEL)).toHaveLength(0);
    await drainOutbox();
    const cards = postsTo(ADVISER_CHANNEL);
    expect(cards).toHaveLength(1);
    const [card] = cards;
    expect(blocksText(card)).toContain('hverdagsrehabilitering');
    expect(blocksText(card)).toContain('Venter på en rådgiver');
    const claim = (card!.args.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>)
      .find((block) => block.type === 'actions')!.elements!.find((element) => element.action_id === 'kc_escalation_claim')!;
    escalationId = claim.value;
    expect(escalationId).toBe(queued[0]!.id);
    cardTs = card!.response!.ts as string;
    // Nothing of this went into a Slack user conversation.
    expect(slackApi.callsTo('chat.postMessage').filter((call) => call.args.channel !== ADVISER_CHANNEL)).toHaveLength(0);
  });

  it('(3) the linked adviser claims from the Slack card; the Teams user is told who took over', async () => {
    slackApi.reset();
    const before = userMessages().length;
    expect((await sendSlackAction(buttonClick(slackApi, {
      actionId: 'kc_escalation_claim', value: escalationId, user: ADVISER_SLACK_USER, channel: ADVISER_CHANNEL, messageTs: cardTs,
    }))).status).toBe(200);
    const [update] = await slackApi.waitFor('chat.update');
    expect(update!.args).toMatchObject({ channel: ADVISER_CHANNEL, ts: cardTs });
    expect(blocksText(update)).toContain('Overtaget af Anna Rådgiver');
    expect((await escalations.get(escalationId))?.status).toBe('claimed');

    await drainOutbox();
    const delivered = userMessages().slice(before).map((message) => message.body.text as string);
    expect(delivered).toEqual([handoffTexts('da').adviserJoined('Anna Rådgiver')]);
    expect(delivered[0]).toContain('Anna Rådgiver');
    expect(delivered[0]).toContain('har overtaget samtalen');
  });

  it("(4) the adviser's reply in the card's Slack thread reaches the Teams user", async () => {
    slackApi.reset();
    const before = userMessages().length;
    expect((await sendSlackEvent({
      type: 'message', channel_type: 'channel', channel: ADVISER_CHANNEL, user: ADVISER_SLACK_USER, ts: '1700006100.000100', thread_ts: cardTs, text: ADVISER_REPLY,
    })).status).toBe(200);
    // The tick on the adviser's message comes after escalations.reply has committed.
    await slackApi.waitFor('reactions.add');
    await drainOutbox();
    const delivered = userMessages().slice(before);
    expect(delivered.map((message) => message.body.text)).toEqual([`**Anna Rådgiver:** ${ADVISER_REPLY}`]);
    expect(delivered[0]!.conversationId).toBe(CONVERSATION);
    // Delivered to Teams only: no Slack user conversation got it.
    expect(slackApi.callsTo('chat.postMessage').filter((call) => call.args.channel !== ADVISER_CHANNEL)).toHaveLength(0);
  });

  it('(5) Resolve on the Slack card hands the Teams user back to the assistant', async () => {
    slackApi.reset();
    const before = userMessages().length;
    await sendSlackAction(buttonClick(slackApi, {
      actionId: 'kc_escalation_resolve', value: escalationId, user: ADVISER_SLACK_USER, channel: ADVISER_CHANNEL, messageTs: cardTs,
    }));
    const [update] = await slackApi.waitFor('chat.update');
    expect(blocksText(update)).toContain('Afsluttet af Anna Rådgiver');
    expect((await escalations.get(escalationId))?.status).toBe('resolved');
    await drainOutbox();
    const delivered = userMessages().slice(before).map((message) => message.body.text as string);
    expect(delivered).toEqual([handoffTexts('da').botBack()]);
    expect(delivered[0]).toContain('assistent igen');
  });

  it('(6) a new Teams question gets a cited bot answer again, not routed to the adviser', async () => {
    slackApi.reset();
    const before = userMessages().length;
    expect((await postTeams(personalMessage(connector.url, QUESTION))).status).toBe(200);
    await eventually(() => expect(userMessages().length).toBeGreaterThan(before));
    const [again] = userMessages().slice(before);
    expect(again!.body.entities[0].citation.length).toBeGreaterThan(0);
    await drainOutbox();
    // Nothing was relayed into the card's thread, and no new escalation was opened.
    expect(postsTo(ADVISER_CHANNEL)).toHaveLength(0);
    expect(await escalations.list({ status: ['queued', 'claimed'], channel: 'teams' })).toHaveLength(0);
  });
});
