/**
 * The Teams channel end to end with a fake engine: real botbuilder CloudAdapter behind express, activities POSTed
 * to /api/messages, replies asserted as the fake connector received them on the wire.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../../knowledge/index.js';
import { createOutboxDispatcher } from '../../../../bot/escalation/index.js';
import { silentLogger } from '../../../../config/logger.js';
import { streamInfoOf } from '../../../fakes/fake-bot-connector.js';
import { createFakeEngine, type FakeEngine } from '../../../fakes/fake-engine.js';
import { testDatabases } from '../../../support/test-databases.js';
import { BOT, cardSubmit, channelMention, groupChatMessage, personalMessage, startTeamsHarness, USER, type TeamsHarness } from './teams-test-harness.js';

describe('Teams channel (fake engine, real CloudAdapter)', () => {
  let db: Db;
  let engine: FakeEngine;
  let teams: TeamsHarness;

  beforeAll(async () => {
    db = await testDatabases[0]!.open();
  });
  afterAll(async () => db?.close());
  beforeEach(async () => {
    engine = createFakeEngine();
    teams = await startTeamsHarness({ engine, db, turnBudgetMs: 2_000 });
  });
  afterEach(async () => teams?.close());

  describe('a 1:1 question', () => {
    it('should reply with citations and the AI label in the entities as they arrive on the wire', async () => {
      const activity = personalMessage(teams.connector.url, 'Hvem har erfaring med velfærdsteknologi?');
      const response = await teams.post(activity);
      expect(response.status).toBe(200);

      const [reply] = teams.connector.messages();
      expect(reply?.method).toBe('POST');
      expect(reply?.conversationId).toBe(`a:personal-${USER.id}`);
      // (In a 1:1 chat the answer is streamed through the delivery path, proactively: teams-streaming.test.ts.)
      // Regression test for botbuilder 4.23.3 (botbuilder-js#4902): its connector serializer strips every entity field
      // but `type`, so on 4.23.3 without a fix (the 4.23.2 pin, or ensureEntityFieldsAreSent in teams-cloud-adapter.ts)
      // `entities` arrives as [{ type: 'https://schema.org/Message' }] and the assertions below fail. Asserting on what
      // the fake connector received (not on an expectReplies body, which is never serialized) is what catches it.
      const entity = reply!.body.entities.find((candidate: { type: string }) => candidate.type === 'https://schema.org/Message');
      expect(entity).toMatchObject({ '@type': 'Message', '@context': 'https://schema.org', additionalType: ['AIGeneratedContent'] });
      expect(entity.citation.map((claim: { position: number }) => claim.position)).toEqual([1, 2, 3]);
      for (const claim of entity.citation) {
        expect(claim['@type']).toBe('Claim');
        expect(claim.appearance['@type']).toBe('DigitalDocument');
        expect(claim.appearance.name.length).toBeLessThanOrEqual(80);
        expect(claim.appearance.abstract.length).toBeLessThanOrEqual(160);
      }
      expect(entity.citation[0].appearance).toMatchObject({ url: 'https://example.dk/cases/aalborg-ejerskab' });
      expect(reply!.body.text).toContain('[1]');
      expect(reply!.body.channelData).toMatchObject({ feedbackLoopEnabled: true });
      expect(reply!.body.channelData.feedbackLoop).toBeUndefined();
    });

    it('should show progress first (an informative update; a typing indicator in a group chat) and add the case card with "Tal med en rådgiver"', async () => {
      await teams.post(personalMessage(teams.connector.url, 'Hvem har gjort det før?'));
      const sent = teams.connector.requests.map((request) => request.body?.type);
      expect(streamInfoOf(teams.connector.requests[0]!)).toMatchObject({ streamType: 'informative' });
      expect([sent[0], sent.at(-1)]).toEqual(['typing', 'message']);
      await teams.post(groupChatMessage(teams.connector.url, 'Hvem har gjort det før?'));
      expect(teams.connector.requests.slice(sent.length).map((request) => [request.body?.type, streamInfoOf(request)])).toEqual([
        ['typing', undefined],
        ['message', undefined],
      ]);
      const card = teams.connector.messages()[0]!.body.attachments[0];
      expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(JSON.stringify(card.content.body)).toContain('Aalborg Kommune');
      expect(card.content.actions).toEqual([{ type: 'Action.Submit', title: 'Tal med en rådgiver', data: { kraftcenter: 'request_adviser' } }]);
    });

    it('should give the engine the conversation, the Entra user id, the audience and the message id', async () => {
      const activity = personalMessage(teams.connector.url, 'Hej');
      await teams.post(activity);
      expect(engine.calls.handleMessage[0]).toMatchObject({
        channel: 'teams',
        conversationId: `a:personal-${USER.id}`,
        threadId: '',
        user: { id: USER.aadObjectId, displayName: USER.name, audience: 'public' },
        text: 'Hej',
        messageId: activity.id,
      });
    });
  });

  describe('a channel @mention', () => {
    it('should strip the mention and answer in the reply chain, continuing it on a follow-up', async () => {
      const first = channelMention(teams.connector.url, 'Hvem har arbejdet med velfærdsteknologi?');
      expect((await teams.post(first)).status).toBe(200);
      const root = first.id as string;
      const followUp = channelMention(teams.connector.url, 'Er der flere?', root);
      expect((await teams.post(followUp)).status).toBe(200);

      expect(engine.calls.handleMessage.map((message) => message.text)).toEqual(['Hvem har arbejdet med velfærdsteknologi?', 'Er der flere?']);
      const thread = `19:abc@thread.tacv2;messageid=${root}`;
      for (const message of engine.calls.handleMessage) expect(message).toMatchObject({ conversationId: thread, threadId: root });
      const replies = teams.connector.messages();
      expect(replies.map((reply) => [reply.conversationId, reply.activityId])).toEqual([
        [thread, root],
        [thread, followUp.id],
      ]);
      expect(replies[0]!.path).toContain(encodeURIComponent(thread));
      expect(replies[0]!.body.recipient.id).toBe(USER.id);
      expect(replies[0]!.body.from.id).toBe(BOT.id);
    });
  });

  describe('re-delivered activities', () => {
    it('should answer once when Teams posts the same activity again, also while the first is still running', async () => {
      engine.setDelay(150);
      const activity = personalMessage(teams.connector.url, 'Hvem har erfaring med velfærdsteknologi?');
      const responses = await Promise.all([teams.post(activity), teams.post(activity)]);
      const again = await teams.post(activity);
      expect([...responses, again].map((response) => response.status)).toEqual([200, 200, 200]);
      expect(engine.calls.handleMessage).toHaveLength(1);
      expect(teams.connector.messages()).toHaveLength(1);
    });
  });

  describe('the "Tal med en rådgiver" card button', () => {
    it('should ask the engine for an adviser and confirm in the conversation without the feedback loop', async () => {
      const base = personalMessage(teams.connector.url, '');
      const response = await teams.post(cardSubmit(base, 'activity-7', { kraftcenter: 'request_adviser' }));
      expect(response.status).toBe(200);
      expect(engine.calls.requestAdviser).toEqual([
        expect.objectContaining({ channel: 'teams', conversationId: `a:personal-${USER.id}`, threadId: '', user: expect.objectContaining({ id: USER.aadObjectId }) }),
      ]);
      expect(engine.calls.handleMessage).toHaveLength(0);
      const [reply] = teams.connector.messages();
      expect(reply!.body.text).toContain('rådgivere');
      expect(reply!.body.channelData?.feedbackLoopEnabled).toBeUndefined();
    });
  });

  describe('long turns', () => {
    it('should acknowledge the turn and deliver the answer proactively when the engine outlives the budget', async () => {
      await teams.close();
      teams = await startTeamsHarness({ engine, db, turnBudgetMs: 100 });
      engine.setDelay(600);
      const activity = personalMessage(teams.connector.url, 'Hvem har erfaring med velfærdsteknologi?');
      const started = Date.now();
      const response = await teams.post(activity);
      expect(response.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(550);
      expect(teams.connector.messages()).toHaveLength(0);

      const late = await teams.connector.waitFor((request) => request.body?.type === 'message');
      expect(late.conversationId).toBe(`a:personal-${USER.id}`);
      expect(late.activityId).not.toBe(activity.id); // a proactive send: the continuation's own id
      expect(late.body.entities[0].citation).toHaveLength(3);
    });

    it('should queue a late answer Teams refuses in the outbox, and the dispatcher delivers it once with its citations', async () => {
      await teams.close();
      teams = await startTeamsHarness({ engine, db, turnBudgetMs: 100 });
      engine.setDelay(400);
      // The streamed answer's final message, and the answer sent whole in its place: both refused.
      teams.connector.failNext({ status: 404, when: (request) => request.body?.type === 'message' });
      teams.connector.failNext({ status: 404, when: (request) => request.body?.type === 'message' });
      const conversationId = `a:personal-queued-${Date.now()}`;
      await teams.post(personalMessage(teams.connector.url, 'Hvem har erfaring med velfærdsteknologi?', { conversation: { id: conversationId, conversationType: 'personal', tenantId: 'tenant-1' } }));

      const queued = async () =>
        (await db.query<{ payload: { kind: string } }>(`SELECT payload FROM outbox WHERE conversation_id = $1`, [`teams:${conversationId}`])).rows;
      await expect.poll(queued, { timeout: 5_000 }).toHaveLength(1);
      expect((await queued())[0]!.payload.kind).toBe('bot_reply');
      expect(teams.connector.messages()).toHaveLength(0);

      const dispatcher = createOutboxDispatcher({
        db, notifiers: [], deliveryPorts: [teams.channel.deliveryPort], logger: silentLogger, backoff: { baseMs: 10, maxMs: 10, maxAttempts: 3 },
      });
      expect((await dispatcher.runOnce()).delivered).toBeGreaterThanOrEqual(1);
      const delivered = teams.connector.messages().filter((request) => request.conversationId === conversationId);
      expect(delivered).toHaveLength(1);
      expect(delivered[0]!.body.entities[0].citation).toHaveLength(3);
      await dispatcher.runOnce();
      expect(teams.connector.messages().filter((request) => request.conversationId === conversationId)).toHaveLength(1);
    });
  });

  describe('failures', () => {
    it('should apologise in the chat when the engine throws', async () => {
      engine.failNext('handleMessage');
      await teams.post(personalMessage(teams.connector.url, 'Hvem har gjort det?'));
      const [reply] = teams.connector.messages();
      expect(reply!.body.text).toMatch(/Beklager/);
      expect(reply!.body.text).not.toContain('/srv/secret');
      expect(teams.logger.entries.filter((entry) => entry.level === 'error')).toHaveLength(1);
    });

    it('should log one line and keep serving when the connector refuses the reply in the turn', async () => {
      teams.connector.failNext({ status: 404, when: (request) => request.body?.type === 'message' });
      const response = await teams.post(channelMention(teams.connector.url, 'Hvem har gjort det?'));
      expect(response.status).toBe(200);
      expect(teams.logger.entries.filter((entry) => entry.level === 'error')).toHaveLength(1);
      await teams.post(channelMention(teams.connector.url, 'Og nu?'));
      expect(teams.connector.messages().length).toBeGreaterThanOrEqual(1);
    });

    it('should refuse a body that is not an activity with 400', async () => {
      expect((await teams.post({ text: 'no type' })).status).toBe(400);
      expect((await teams.post('{not json')).status).toBe(400);
      expect(engine.calls.handleMessage).toHaveLength(0);
    });

    it('should refuse activities from a non-local serviceUrl while unauthenticated', async () => {
      const response = await teams.post(personalMessage('https://smba.trafficmanager.net/emea/', 'Hej'));
      expect(response.status).toBe(403);
      expect(engine.calls.handleMessage).toHaveLength(0);
    });

    it('should still serve the web app next to /api/messages', async () => {
      const response = await fetch(`${teams.baseUrl}/healthz`);
      expect(response.status).toBe(200);
    });
  });
});
