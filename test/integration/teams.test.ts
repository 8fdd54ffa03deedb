/**
 * Teams with the real engine on the sample library: a cited answer on the wire, feedback from Teams' feedback loop
 * stored against the engine's reply, "Tal med en rådgiver" opening an escalation, and the hand-off both ways
 * through the real escalation service and outbox (an adviser claims and replies, the Teams user gets it
 * proactively, resolve → the bot answers again).
 */
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdviserRequest, Engine, FeedbackInput } from '../../bot/index.js';
import { createAdviserStore } from '../../bot/advisers/index.js';
import { createEscalationService, createOutboxDispatcher, DEFAULT_OFFICE_HOURS, type EscalationCore } from '../../bot/escalation/index.js';
import { CITATION_NAME_MAX, clip } from '../../adapters/teams/render-reply.js';
import type { KnowledgeBase } from '../../knowledge/index.js';
import { engineOn, openEngineKnowledge, recordingLogger, rows } from '../support/engine-harness.js';
import { testDatabases } from '../support/test-databases.js';
import { cardSubmit, feedbackInvoke, personalMessage, startTeamsHarness, USER, type TeamsHarness } from '../unit/adapters/teams/teams-test-harness.js';

const QUESTION = 'Hvilke kommuner har arbejdet med hverdagsrehabilitering?';
const CONVERSATION = `a:personal-${USER.id}`;
const KEY = `teams:${CONVERSATION}`;
const ADVISERS_CHANNEL = '19:advisers@thread.tacv2';

describe('Teams with the real engine', () => {
  let knowledge: KnowledgeBase;
  let engine: Engine & { feedback: FeedbackInput[]; adviserRequests: AdviserRequest[] };
  let escalations: EscalationCore;
  let teams: TeamsHarness;

  beforeAll(async () => {
    knowledge = await openEngineKnowledge(testDatabases[0]!);
    const real = engineOn(knowledge).engine;
    const feedback: FeedbackInput[] = [];
    const adviserRequests: AdviserRequest[] = [];
    engine = {
      ...real,
      feedback,
      adviserRequests,
      handleMessage: (message) => real.handleMessage(message),
      recordFeedback: (input) => (feedback.push(input), real.recordFeedback(input)),
      requestAdviser: (request) => (adviserRequests.push(request), real.requestAdviser(request)),
      health: () => real.health(),
    };
    escalations = createEscalationService({
      db: knowledge.db, logger: recordingLogger(), officeHours: DEFAULT_OFFICE_HOURS, targetWorkingHours: 4,
      draftsDir: path.join(os.tmpdir(), 'teams-test-drafts'),
    });
    teams = await startTeamsHarness({
      engine, db: knowledge.db, escalations, advisers: createAdviserStore(knowledge.db),
      env: (connector) => ({ TEAMS_ADVISER_CHANNEL: JSON.stringify({ serviceUrl: connector.url, conversation: { id: ADVISERS_CHANNEL } }) }),
      authenticated: true, // adviser actions from Teams need an authenticated activity
    });
  });
  afterAll(async () => {
    await teams?.close();
    await knowledge?.close();
  });

  /** Runs the outbox with the Teams port and notifier until nothing is left (a conversation's rows go one per run). */
  const drainOutbox = async () => {
    const dispatcher = createOutboxDispatcher({
      db: knowledge.db, notifiers: [teams.channel.notifier!], deliveryPorts: [teams.channel.deliveryPort], logger: recordingLogger(),
      backoff: { baseMs: 10, maxMs: 10, maxAttempts: 3 },
    });
    for (let run = 0; run < 10 && (await dispatcher.runOnce()).delivered > 0; run++);
  };
  const userMessages = () => teams.connector.messages().filter((message) => message.conversationId === CONVERSATION);
  const adviserPosts = () => teams.connector.messages().filter((message) => message.conversationId === ADVISERS_CHANNEL);

  it('should answer a 1:1 question with the engine\'s citations as Teams citation claims on the wire', async () => {
    expect((await teams.post(personalMessage(teams.connector.url, QUESTION))).status).toBe(200);
    const [reply] = teams.connector.messages();
    const stored = await rows<{ id: string; platform_message_id: string; citations: unknown }>(
      knowledge.db, "SELECT id, platform_message_id, citations FROM messages WHERE conversation_id = $1 AND role = 'bot'", [KEY],
    );
    expect(stored).toHaveLength(1);
    const citations = typeof stored[0]!.citations === 'string' ? JSON.parse(stored[0]!.citations) : stored[0]!.citations;
    const claims = reply!.body.entities[0].citation;
    expect(claims.map((claim: { position: number }) => claim.position)).toEqual(citations.map((citation: { n: number }) => citation.n));
    expect(claims[0].appearance.name).toBe(clip(citations[0].title, CITATION_NAME_MAX));
    expect(reply!.body.entities[0].additionalType).toEqual(['AIGeneratedContent']);
    // The sent message's Teams id is linked to the stored reply, and the conversation reference is stored.
    expect(stored[0]!.platform_message_id).toBe(reply!.assignedId);
    const [conversation] = await rows<{ delivery_ref: unknown }>(knowledge.db, 'SELECT delivery_ref FROM conversations WHERE id = $1', [KEY]);
    const reference = typeof conversation!.delivery_ref === 'string' ? JSON.parse(conversation!.delivery_ref) : conversation!.delivery_ref;
    expect(reference).toMatchObject({ serviceUrl: teams.connector.url, conversation: { id: CONVERSATION } });
  });

  it('should store 👎 with its text from the feedback loop against the reply and answer the invoke 200 {}', async () => {
    const [answer] = teams.connector.messages();
    const invoke = feedbackInvoke(personalMessage(teams.connector.url, ''), answer!.assignedId!, 'dislike', 'Mangler Fredericia');
    const response = await teams.post(invoke);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    const [replyRow] = await rows<{ id: string }>(knowledge.db, "SELECT id FROM messages WHERE conversation_id = $1 AND role = 'bot'", [KEY]);
    expect(engine.feedback).toEqual([{ replyId: replyRow!.id, value: 'down', comment: 'Mangler Fredericia', userId: USER.aadObjectId, channel: 'teams' }]);
    expect(await rows(knowledge.db, 'SELECT value, comment FROM feedback WHERE message_id = $1', [replyRow!.id])).toEqual([{ value: 'down', comment: 'Mangler Fredericia' }]);
  });

  it('should hand off to an adviser from the card button and bring adviser replies back into Teams', async () => {
    const base = personalMessage(teams.connector.url, '');
    expect((await teams.post(cardSubmit(base, 'card-1', { kraftcenter: 'request_adviser' }))).status).toBe(200);
    expect(engine.adviserRequests).toEqual([expect.objectContaining({ channel: 'teams', conversationId: CONVERSATION })]);
    const [open] = await escalations.list({ status: ['queued'], channel: 'teams' });
    expect(open).toBeDefined();

    const { adviser } = await createAdviserStore(knowledge.db).add({ name: 'Mette Rådgiver', email: 'mette@kraftcenter.example.dk' });
    const before = userMessages().length;
    expect((await escalations.claim(open!.id, adviser)).ok).toBe(true);
    expect((await escalations.reply(open!.id, adviser, 'Hej Ada, jeg sender dig Fredericias kontakt.')).ok).toBe(true);
    await drainOutbox();
    const delivered = userMessages().slice(before).map((message) => message.body.text as string);
    expect(delivered).toEqual([expect.stringContaining('Mette Rådgiver'), '**Mette Rådgiver:** Hej Ada, jeg sender dig Fredericias kontakt.']);

    expect((await escalations.resolve(open!.id, adviser)).ok).toBe(true);
    await drainOutbox();
    const afterResolve = userMessages().length;
    expect(afterResolve).toBe(before + delivered.length + 1); // "the assistant is back"

    await teams.post(personalMessage(teams.connector.url, QUESTION));
    const [again] = userMessages().slice(afterResolve);
    expect(again!.body.entities[0].citation.length).toBeGreaterThan(0);
  });

  it('should let a linked adviser claim, reply and resolve from the escalation card in the advisers\' channel', async () => {
    const store = createAdviserStore(knowledge.db);
    const { adviser } = await store.add({ name: 'Jonas Rådgiver', email: 'jonas@kraftcenter.example.dk' });
    await knowledge.db.query('UPDATE advisers SET teams_user_id = $1 WHERE id = $2', ['aad-jonas', adviser.id]);
    await teams.post(cardSubmit(personalMessage(teams.connector.url, ''), 'card-2', { kraftcenter: 'request_adviser' }));
    const postsBefore = adviserPosts().length;
    await drainOutbox();
    const card = adviserPosts().slice(postsBefore).find((post) => post.body.attachments?.length);
    expect(card, 'escalation card in the advisers\' channel').toBeDefined();
    const escalationId = card!.body.attachments[0].content.actions[0].data.escalationId as string;

    const inAdvisersChannel = (value: Record<string, unknown>) => ({
      ...personalMessage(teams.connector.url, ''),
      from: { id: '29:jonas', name: 'Jonas', aadObjectId: 'aad-jonas' },
      conversation: { id: `${ADVISERS_CHANNEL};messageid=${card!.assignedId}`, conversationType: 'channel', isGroup: true, tenantId: 'tenant-1' },
      type: 'message', text: undefined, replyToId: card!.assignedId, value,
    });
    const before = userMessages().length;
    await teams.post(inAdvisersChannel({ kraftcenter: 'claim', escalationId }));
    await teams.post(inAdvisersChannel({ kraftcenter: 'reply', escalationId, replyText: 'Jeg ringer dig i morgen.' }));
    await drainOutbox();
    expect(userMessages().slice(before).map((message) => message.body.text)).toEqual([
      expect.stringContaining('Jonas Rådgiver'),
      '**Jonas Rådgiver:** Jeg ringer dig i morgen.',
    ]);
    await teams.post(inAdvisersChannel({ kraftcenter: 'resolve', escalationId }));
    expect((await escalations.get(escalationId))?.status).toBe('resolved');
  });
});
