/**
 * The hand-off side of the Teams channel with fakes: the DeliveryPort sending proactively through a stored
 * conversation reference, the AdviserNotifier posting cards to the advisers' channel, and the Claim / Resolve /
 * reply buttons on those cards.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AdviserIdentity, EscalationService, EscalationSummary, UserDelivery } from '../../../../bot/escalation/escalation-port.js';
import type { Db } from '../../../../knowledge/index.js';
import { createFakeEngine } from '../../../fakes/fake-engine.js';
import { testDatabases } from '../../../support/test-databases.js';
import { cardSubmit, channelMention, FAKE_OUTBOUND_TOKEN, startTeamsHarness, USER, type TeamsHarness } from './teams-test-harness.js';

const ADVISER: AdviserIdentity & { teamsUserId: string } = { id: 'adv-1', name: 'Mette Rådgiver', email: 'mette@kraftcenter.dk', teamsUserId: USER.aadObjectId };

const summary = (overrides: Partial<EscalationSummary> = {}): EscalationSummary => ({
  id: 'esc-1', status: 'queued', trigger: 'user_request', channel: 'web', language: 'da',
  question: 'Hvordan kommer vi i gang med velfærdsteknologi?', summary: 'Spørgsmål: …', userName: 'Ada',
  createdAt: '2026-11-27T10:00:00.000Z', dueAt: '2026-11-27T14:00:00.000Z', ageMinutes: 3, overdue: false,
  ...overrides,
});

/** Records calls; claim succeeds once, then reports already_claimed. */
function fakeEscalations() {
  const calls: Array<{ method: string; id: string; adviser: AdviserIdentity; text?: string }> = [];
  let claimed = false;
  const service = {
    calls,
    claim: async (id: string, adviser: AdviserIdentity) => {
      calls.push({ method: 'claim', id, adviser });
      if (claimed) return { ok: false as const, error: 'already_claimed' as const, message: 'En anden rådgiver har allerede taget sagen.' };
      claimed = true;
      return { ok: true as const, value: summary({ status: 'claimed', adviserName: adviser.name }) };
    },
    resolve: async (id: string, adviser: AdviserIdentity) => {
      calls.push({ method: 'resolve', id, adviser });
      return { ok: true as const, value: summary({ status: 'resolved' }) };
    },
    reply: async (id: string, adviser: AdviserIdentity, text: string) => {
      calls.push({ method: 'reply', id, adviser, text });
      return { ok: true as const, value: { messageId: 'm-1' } };
    },
  };
  return service as typeof service & EscalationService;
}

describe('Teams hand-off (fakes)', () => {
  let db: Db;
  let teams: TeamsHarness;
  let escalations: ReturnType<typeof fakeEscalations>;

  beforeAll(async () => {
    db = await testDatabases[0]!.open();
  });
  afterAll(async () => db?.close());
  afterEach(async () => teams?.close());

  describe('deliveryPort', () => {
    beforeEach(async () => {
      teams = await startTeamsHarness({ engine: createFakeEngine(), db });
    });
    const delivery = (overrides: Partial<UserDelivery> = {}): UserDelivery => ({
      conversationKey: `teams:a:personal-${USER.id}`, channel: 'teams', kind: 'adviser_message', text: 'Jeg ringer dig op i morgen.',
      authorName: 'Mette Rådgiver', language: 'da',
      deliveryRef: { channelId: 'msteams', serviceUrl: teams.connector.url, conversation: { id: `a:personal-${USER.id}`, conversationType: 'personal' }, bot: { id: '28:bot' }, user: { id: USER.id } },
      ...overrides,
    });

    it('should deliver an adviser message proactively into the stored conversation, without the AI label', async () => {
      expect(teams.channel.deliveryPort.channel).toBe('teams');
      await teams.channel.deliveryPort.deliver(delivery());
      const [sent] = teams.connector.messages();
      expect(sent!.conversationId).toBe(`a:personal-${USER.id}`);
      expect(sent!.body.text).toBe('**Mette Rådgiver:** Jeg ringer dig op i morgen.');
      expect(sent!.body.entities ?? []).toEqual([]);
    });

    it('should accept a reference stored as a JSON string and send system notices without an author', async () => {
      const stored = delivery();
      await teams.channel.deliveryPort.deliver({ ...stored, kind: 'bot_back', text: 'Assistenten svarer igen.', deliveryRef: JSON.stringify(stored.deliveryRef) });
      expect(teams.connector.messages()[0]!.body.text).toBe('Assistenten svarer igen.');
    });

    it('should throw so the outbox retries when Teams refuses, is unreachable, or there is no reference', async () => {
      teams.connector.failNext({ status: 404 });
      await expect(teams.channel.deliveryPort.deliver(delivery())).rejects.toThrow();
      // Nothing listens on port 1; botbuilder retries network errors itself (~3 s) before giving up.
      const unreachable = delivery();
      await expect(
        teams.channel.deliveryPort.deliver({ ...unreachable, deliveryRef: { ...(unreachable.deliveryRef as object), serviceUrl: 'http://127.0.0.1:1/' } }),
      ).rejects.toThrow();
      await expect(teams.channel.deliveryPort.deliver(delivery({ deliveryRef: undefined }))).rejects.toThrow(/no stored conversation reference/);
      await teams.channel.deliveryPort.deliver(delivery());
      expect(teams.connector.messages()).toHaveLength(1);
    });
  });

  describe('notifier and adviser cards', () => {
    beforeEach(async () => {
      escalations = fakeEscalations();
      teams = await startTeamsHarness({ engine: createFakeEngine(), db, escalations, advisers: { list: async () => [ADVISER] }, authenticated: true });
    });

    it('should not exist without TEAMS_ADVISER_CHANNEL, and log the value to set when the bot joins a team', async () => {
      expect(teams.channel.notifier).toBeUndefined();
      const joined = {
        ...channelMention(teams.connector.url, ''), type: 'conversationUpdate', text: undefined, entities: undefined,
        membersAdded: [{ id: '28:bot-app-id' }], channelData: { team: { id: '19:advisers@thread.tacv2', name: 'Rådgiverne' }, tenant: { id: 'tenant-1' } },
      };
      expect((await teams.post(joined)).status).toBe(200);
      const line = teams.logger.entries.find((entry) => entry.message.includes('TEAMS_ADVISER_CHANNEL='))?.message ?? '';
      expect(line).toContain('"Rådgiverne"');
      const value = JSON.parse(/TEAMS_ADVISER_CHANNEL='(.*)'$/.exec(line)![1]!);
      expect(value).toMatchObject({ serviceUrl: teams.connector.url, conversation: { id: '19:advisers@thread.tacv2' }, channelId: 'msteams' });
    });

    it('should post an escalation card with Claim, reply and Resolve to the advisers\' channel', async () => {
      await teams.close();
      teams = await startTeamsHarness({
        engine: createFakeEngine(),
        db,
        env: (connector) => ({
          TEAMS_ADVISER_CHANNEL: JSON.stringify({ serviceUrl: connector.url, conversation: { id: '19:advisers@thread.tacv2' }, channelId: 'msteams' }),
        }),
      });
      await teams.channel.notifier!.notify({ type: 'escalation.created', escalation: summary() });
      const [card] = teams.connector.messages();
      expect(card!.conversationId).toBe('19:advisers@thread.tacv2');
      const content = card!.body.attachments[0].content;
      expect(JSON.stringify(content.body)).toContain('Hvordan kommer vi i gang med velfærdsteknologi?');
      expect(content.actions.map((action: { data: { kraftcenter: string } }) => action.data.kraftcenter)).toEqual(['claim', 'reply', 'resolve']);

      await teams.channel.notifier!.notify({ type: 'escalation.claimed', escalation: summary({ status: 'claimed', adviserName: 'Mette' }) });
      expect(teams.connector.messages()[1]!.body.text).toContain('Mette har taget sagen');
    });

    it('should claim, reply and resolve for a linked adviser and report a lost race', async () => {
      const base = channelMention(teams.connector.url, '');
      const press = (value: Record<string, unknown>) => teams.post(cardSubmit(base, 'card-1', value));
      expect((await press({ kraftcenter: 'claim', escalationId: 'esc-1' })).status).toBe(200);
      await press({ kraftcenter: 'reply', escalationId: 'esc-1', replyText: '  Vi kigger på det.  ' });
      await press({ kraftcenter: 'resolve', escalationId: 'esc-1' });
      await press({ kraftcenter: 'claim', escalationId: 'esc-1' });

      expect(escalations.calls.map(({ method, id, adviser, text }) => [method, id, adviser.id, text])).toEqual([
        ['claim', 'esc-1', 'adv-1', undefined],
        ['reply', 'esc-1', 'adv-1', 'Vi kigger på det.'],
        ['resolve', 'esc-1', 'adv-1', undefined],
        ['claim', 'esc-1', 'adv-1', undefined],
      ]);
      const texts = teams.connector.messages().map((message) => message.body.text);
      expect(texts[0]).toContain('Mette Rådgiver har taget sagen');
      expect(texts[3]).toBe('En anden rådgiver har allerede taget sagen.');
    });

    it('should refuse card actions from a Teams user who is not linked to an adviser', async () => {
      await teams.close();
      teams = await startTeamsHarness({ engine: createFakeEngine(), db, escalations, advisers: { list: async () => [] }, authenticated: true });
      await teams.post(cardSubmit(channelMention(teams.connector.url, ''), 'card-1', { kraftcenter: 'claim', escalationId: 'esc-1' }));
      expect(escalations.calls).toEqual([]);
      expect(teams.connector.messages()[0]!.body.text).toContain('ikke knyttet til en rådgiverkonto');
    });

    it('should send replies with the bot\'s token when authenticated', async () => {
      await teams.post(cardSubmit(channelMention(teams.connector.url, ''), 'card-1', { kraftcenter: 'claim', escalationId: 'esc-1' }));
      expect(teams.connector.messages()[0]!.headers.authorization).toBe(`Bearer ${FAKE_OUTBOUND_TOKEN}`);
    });

    it('should refuse Claim, reply and Resolve from an unauthenticated activity (emulator mode), whatever its aadObjectId', async () => {
      await teams.close();
      teams = await startTeamsHarness({ engine: createFakeEngine(), db, escalations, advisers: { list: async () => [ADVISER] } });
      const base = channelMention(teams.connector.url, ''); // from: USER, whose aadObjectId is linked to ADVISER
      for (const value of [
        { kraftcenter: 'claim', escalationId: 'esc-1' },
        { kraftcenter: 'reply', escalationId: 'esc-1', replyText: 'Forfalsket svar' },
        { kraftcenter: 'resolve', escalationId: 'esc-1' },
      ]) {
        expect((await teams.post(cardSubmit(base, 'card-1', value))).status).toBe(200);
      }
      expect(escalations.calls).toEqual([]);
      const texts = teams.connector.messages().map((message) => message.body.text as string);
      expect(texts).toHaveLength(3);
      for (const text of texts) expect(text).toMatch(/kræver, at Teams-kanalen er sat op med login/);
    });
  });
});
