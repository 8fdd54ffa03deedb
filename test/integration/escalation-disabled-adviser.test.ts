import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../knowledge/db/db.js';
import { createAdviserStore } from '../../bot/advisers/index.js';
import { readAuditLog, type AdviserIdentity, type EscalationCore } from '../../bot/escalation/index.js';
import { returnStrandedClaims } from '../../bot/store/housekeeping.js';
import { testDatabases } from '../support/test-databases.js';
import { addAdviser, auditActions, createTestService, openQueued, outboxRows, testClock } from '../unit/bot/escalation/escalation-fixture.js';

const USER = { id: 'u-mette', displayName: 'Mette Hansen' };

describe.each(testDatabases)('a disabled adviser strands no escalation on $name', (target) => {
  let db: Db;
  let service: EscalationCore;
  let bo: AdviserIdentity;
  const clock = testClock();

  beforeAll(async () => {
    db = await target.open();
    service = createTestService(db, { now: clock.now });
    bo = await addAdviser(db, 'Bo Rådgiver');
  });
  afterAll(async () => db?.close());

  /** A fresh adviser who claims a fresh escalation. */
  async function claimedByNewAdviser() {
    const anna = await addAdviser(db, 'Anna Rådgiver');
    const opened = await openQueued(db, service);
    expect((await service.claim(opened.id, anna)).ok).toBe(true);
    return { anna, ...opened };
  }

  it('should return the claimed escalation to the queue with an audit row and a notice that names nobody when the adviser is disabled', async () => {
    const { anna, id } = await claimedByNewAdviser();
    const disabled = await createAdviserStore(db).disable(anna.email, { actor: 'cli:ops' });
    expect(disabled).toMatchObject({ enabled: false, returnedEscalations: [id] });

    expect(await service.get(id)).toMatchObject({ status: 'queued' });
    expect((await service.get(id))?.adviserId).toBeUndefined();
    expect(await auditActions(db, id)).toEqual(['created', 'claimed', 'returned_to_queue']);
    const audit = (await readAuditLog(db, { escalationId: id })).at(-1);
    expect(audit).toMatchObject({ actor: 'cli:ops', details: { reason: 'adviser_disabled', adviserId: anna.id, adviserName: 'Anna Rådgiver' } });

    const outbox = await outboxRows(db, id);
    const notice = outbox.find((row) => row.kind === 'user' && row.payload.kind === 'queued');
    expect(notice?.payload.text).toMatch(/tilbage i køen/);
    expect(notice?.payload.text).not.toMatch(/Anna/);
    expect(outbox.at(-1)?.payload.type).toBe('escalation.released');
  });

  it("should tell the user their message went to the advisers, without the disabled adviser's name, when they write after the disable", async () => {
    const { anna, id, conversationKey } = await claimedByNewAdviser();
    await createAdviserStore(db).disable(anna.email);
    const routed = await service.routeUserMessage(conversationKey, 'Er der nogen?', USER);
    expect(routed.routed).toBe(true);
    if (!routed.routed) return;
    expect(routed.reply.text).not.toMatch(/Anna|Sendt til/);
    expect(routed.reply.text).toMatch(/sendt videre til rådgiveren/);
    expect(routed.reply.escalation).toEqual({ id, status: 'queued' });
  });

  it('should cancel the request when the user writes "annuller" after their adviser was disabled', async () => {
    const { anna, id, conversationKey } = await claimedByNewAdviser();
    await createAdviserStore(db).disable(anna.email);
    const routed = await service.routeUserMessage(conversationKey, 'annuller', USER);
    expect(routed).toMatchObject({ routed: true, reply: { cancelled: true } });
    expect((await service.get(id))?.status).toBe('cancelled');
  });

  it('should let another adviser claim the escalation when its adviser was disabled', async () => {
    const { anna, id } = await claimedByNewAdviser();
    await createAdviserStore(db).disable(anna.email);
    expect(await service.claim(id, bo)).toMatchObject({ ok: true, value: { status: 'claimed', adviserId: bo.id } });
  });

  describe('a claim the disable did not return (raced it, or older data)', () => {
    /** Disables the adviser behind the store's back, as a claim racing the disable would leave things. */
    async function stranded() {
      const opened = await claimedByNewAdviser();
      await db.query('UPDATE advisers SET enabled = false WHERE id = $1', [opened.anna.id]);
      return opened;
    }

    it('should route the user as if queued and let "annuller" cancel when the owner is disabled', async () => {
      const { id, conversationKey } = await stranded();
      const routed = await service.routeUserMessage(conversationKey, 'Hallo?', USER);
      expect(routed.routed && routed.reply.text).not.toMatch(/Anna|Sendt til/);
      expect(await service.routeUserMessage(conversationKey, 'annuller', USER)).toMatchObject({ routed: true, reply: { cancelled: true } });
      expect((await service.get(id))?.status).toBe('cancelled');
    });

    it('should let another adviser take it over, recording whose it was, when the owner is disabled', async () => {
      const { anna, id } = await stranded();
      expect(await service.claim(id, bo)).toMatchObject({ ok: true, value: { adviserId: bo.id } });
      expect((await readAuditLog(db, { escalationId: id })).at(-1)).toMatchObject({ action: 'claimed', details: { takenOverFrom: anna.id } });
    });

    it('should still refuse a claim when the owner is enabled', async () => {
      const { id } = await claimedByNewAdviser();
      expect(await service.claim(id, bo)).toMatchObject({ ok: false, error: 'already_claimed' });
    });

    it('should return it to the queue when housekeeping runs', async () => {
      const { id } = await stranded();
      expect(await returnStrandedClaims(db, clock.now())).toBeGreaterThanOrEqual(1);
      expect((await service.get(id))?.status).toBe('queued');
      expect(await auditActions(db, id)).toContain('returned_to_queue');
      expect(await returnStrandedClaims(db, clock.now())).toBe(0);
    });
  });
});
