/**
 * Cross-channel hand-off through the real server (`startServer` with every channel on, test/support/all-channels-
 * server.ts): a Teams user escalates, an adviser claims and replies from Slack, the Teams user gets it, and after
 * Resolve the bot answers again. Teams runs in emulator mode against the fake Bot Framework connector, Slack in HTTP
 * mode (signed requests, SLACK_ADVISER_CHANNEL) against the fake Slack API; the server's own outbox dispatcher
 * delivers the cards and the relayed messages. Every step is asserted on the fakes' recorded requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalationTexts, outboxCounts, type EscalationCore } from '../../bot/escalation/index.js';
import type { ConnectorRequest } from '../fakes/fake-bot-connector.js';
import type { RecordedCall } from '../fakes/fake-slack-api.js';
import { SERVER_ADVISER_CHANNEL, startAllChannelsServer, type AllChannelsServer } from '../support/all-channels-server.js';
import { buttonClick, eventually } from '../unit/adapters/slack/slack-harness.js';
import { cardSubmit, personalMessage, USER } from '../unit/adapters/teams/teams-test-harness.js';

const QUESTION = 'Hvilke kommuner har arbejdet med hverdagsrehabilitering?';
const CONVERSATION = `a:personal-${USER.id}`;
const ADVISER_CHANNEL = SERVER_ADVISER_CHANNEL;
const ADVISER_SLACK_USER = 'UANNA';
const ADVISER_REPLY = 'Hej Ada! Fredericia Kommune er et godt sted at starte.';
const blocksText = (call: RecordedCall | undefined) => JSON.stringify(call?.args.blocks ?? call?.args.text);
/** The server's dispatcher runs every 2 s: waits for its deliveries are generous (no speed is asserted). */
const DISPATCHED = 60_000;

describe('cross-channel hand-off through the real server: Teams user, Slack adviser', () => {
  let server: AllChannelsServer;
  let escalations: EscalationCore;
  let escalationId: string;
  let cardTs: string;

  beforeAll(async () => {
    server = await startAllChannelsServer();
    escalations = server.started.runtime.escalations;
    const { advisers } = server.started.runtime;
    await advisers.add({ name: 'Anna Rådgiver', email: 'anna@kraftcenter.example.dk' });
    await advisers.linkSlack('anna@kraftcenter.example.dk', ADVISER_SLACK_USER);
  });
  afterAll(async () => {
    await server?.close();
  });

  // --- Teams side -------------------------------------------------------------------------------------------------
  const postTeams = (activity: unknown) => server.postTeams(activity);
  const userMessages = (): ConnectorRequest[] => server.connector.messages().filter((message) => message.conversationId === CONVERSATION);

  // --- Slack side -------------------------------------------------------------------------------------------------
  const sendSlackEvent = (event: Record<string, unknown>) => server.sendSlackEvent(event);
  const sendSlackAction = (payload: Record<string, unknown>) => server.sendSlackAction(payload);
  const postsTo = (channel: string) => server.slackApi.callsTo('chat.postMessage').filter((call) => call.args.channel === channel);

  it('(1) answers the Teams user\'s 1:1 question with a cited answer on the wire', async () => {
    expect((await postTeams(personalMessage(server.connector.url, QUESTION))).status).toBe(200);
    const [answer] = userMessages();
    expect(answer).toBeDefined();
    expect(answer!.body.entities[0].citation.length).toBeGreaterThan(0);
    expect(answer!.body.entities[0].additionalType).toEqual(['AIGeneratedContent']);
  });

  it('(2) "Tal med en rådgiver" in Teams opens one escalation whose card the outbox posts in the Slack advisers\' channel', async () => {
    const before = userMessages().length;
    expect((await postTeams(cardSubmit(personalMessage(server.connector.url, ''), 'card-1', { kraftcenter: 'request_adviser' }))).status).toBe(200);
    // The Teams user is told an adviser will take over.
    const confirmation = userMessages().slice(before).map((message) => String(message.body.text ?? ''));
    expect(confirmation.join('\n')).toContain('rådgiver');
    const queued = await escalations.list({ status: ['queued'], channel: 'teams' });
    expect(queued).toHaveLength(1);
    expect((await escalations.get(queued[0]!.id))?.conversationKey).toBe(`teams:${CONVERSATION}`);

    await eventually(() => expect(postsTo(ADVISER_CHANNEL)).toHaveLength(1), DISPATCHED);
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
    expect(server.slackApi.callsTo('chat.postMessage').filter((call) => call.args.channel !== ADVISER_CHANNEL)).toHaveLength(0);
  });

  it('(3) the linked adviser claims from the Slack card; the Teams user is told who took over', async () => {
    server.slackApi.reset();
    const before = userMessages().length;
    expect((await sendSlackAction(buttonClick(server.slackApi, {
      actionId: 'kc_escalation_claim', value: escalationId, user: ADVISER_SLACK_USER, channel: ADVISER_CHANNEL, messageTs: cardTs,
    }))).status).toBe(200);
    const [update] = await server.slackApi.waitFor('chat.update');
    expect(update!.args).toMatchObject({ channel: ADVISER_CHANNEL, ts: cardTs });
    expect(blocksText(update)).toContain('Overtaget af Anna Rådgiver');
    expect((await escalations.get(escalationId))?.status).toBe('claimed');

    await eventually(() => expect(userMessages().length).toBeGreaterThan(before), DISPATCHED);
    const delivered = userMessages().slice(before).map((message) => message.body.text as string);
    expect(delivered).toEqual([escalationTexts('da').adviserJoined('Anna Rådgiver')]);
    expect(delivered[0]).toContain('Anna Rådgiver');
    expect(delivered[0]).toContain('har overtaget samtalen');
  });

  it("(4) the adviser's reply in the card's Slack thread reaches the Teams user", async () => {
    server.slackApi.reset();
    const before = userMessages().length;
    expect((await sendSlackEvent({
      type: 'message', channel_type: 'channel', channel: ADVISER_CHANNEL, user: ADVISER_SLACK_USER, ts: '1700006100.000100', thread_ts: cardTs, text: ADVISER_REPLY,
    })).status).toBe(200);
    // The tick on the adviser's message comes after escalations.reply has committed.
    await server.slackApi.waitFor('reactions.add');
    await eventually(() => expect(userMessages().length).toBeGreaterThan(before), DISPATCHED);
    const delivered = userMessages().slice(before);
    expect(delivered.map((message) => message.body.text)).toEqual([`**Anna Rådgiver:** ${ADVISER_REPLY}`]);
    expect(delivered[0]!.conversationId).toBe(CONVERSATION);
    // Delivered to Teams only: no Slack user conversation got it.
    expect(server.slackApi.callsTo('chat.postMessage').filter((call) => call.args.channel !== ADVISER_CHANNEL)).toHaveLength(0);
  });

  it('(5) Resolve on the Slack card hands the Teams user back to the assistant', async () => {
    server.slackApi.reset();
    const before = userMessages().length;
    await sendSlackAction(buttonClick(server.slackApi, {
      actionId: 'kc_escalation_resolve', value: escalationId, user: ADVISER_SLACK_USER, channel: ADVISER_CHANNEL, messageTs: cardTs,
    }));
    const [update] = await server.slackApi.waitFor('chat.update');
    expect(blocksText(update)).toContain('Afsluttet af Anna Rådgiver');
    expect((await escalations.get(escalationId))?.status).toBe('resolved');
    await eventually(() => expect(userMessages().length).toBeGreaterThan(before), DISPATCHED);
    const delivered = userMessages().slice(before).map((message) => message.body.text as string);
    expect(delivered).toEqual([escalationTexts('da').botBack()]);
    expect(delivered[0]).toContain('assistent igen');
  });

  it('(6) a new Teams question gets a cited bot answer again, not routed to the adviser', async () => {
    server.slackApi.reset();
    const before = userMessages().length;
    expect((await postTeams(personalMessage(server.connector.url, QUESTION))).status).toBe(200);
    await eventually(() => expect(userMessages().length).toBeGreaterThan(before));
    const [again] = userMessages().slice(before);
    expect(again!.body.entities[0].citation.length).toBeGreaterThan(0);
    await eventually(async () => expect((await outboxCounts(server.started.runtime.knowledge.db)).pending).toBe(0), DISPATCHED);
    // Nothing was relayed into the card's thread, and no new escalation was opened.
    expect(postsTo(ADVISER_CHANNEL)).toHaveLength(0);
    expect(await escalations.list({ status: ['queued', 'claimed'], channel: 'teams' })).toHaveLength(0);
  });
});
