import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../knowledge/db/db.js';
import type { AdviserIdentity, EscalationCore } from '../../bot/escalation/index.js';
import { testDatabases } from '../support/test-databases.js';
import { addAdviser, createTestService, openQueued, outboxRows, secondConnection, seedConversation, testClock } from '../unit/bot/escalation/escalation-fixture.js';

describe.each(testDatabases)('concurrent hand-off actions on $name', (target) => {
  let db: Db;
  let other: { db: Db; separate: boolean };
  let service: EscalationCore;
  let advisers: AdviserIdentity[];
  const clock = testClock();

  beforeAll(async () => {
    db = await target.open();
    other = await secondConnection(db);
    service = createTestService(db, { now: clock.now });
    advisers = [];
    for (let i = 0; i < 20; i++) advisers.push(await addAdviser(db, `Rådgiver ${i}`));
  });
  afterAll(async () => {
    if (other?.separate) await other.db.close();
    await db?.close();
  });

  it('should let exactly one of 20 simultaneous claims win when advisers click at once', async () => {
    const { id } = await openQueued(db, service);
    // On Postgres each claim runs in its own pooled connection, so the 20 transactions really overlap.
    const results = await Promise.all(advisers.map((adviser) => service.claim(id, adviser)));
    const winners = results.filter((result) => result.ok);
    expect(winners).toHaveLength(1);
    expect(results.filter((result) => !result.ok && result.error === 'already_claimed')).toHaveLength(19);
    const winner = winners[0]!.ok ? winners[0]!.value.adviserId : undefined;
    expect((await service.get(id))?.adviserId).toBe(winner);
    expect((await outboxRows(db, id)).filter((row) => row.payload.type === 'escalation.claimed')).toHaveLength(1);
    const audits = await db.query(`SELECT 1 FROM audit_log WHERE escalation_id = $1 AND action = 'claimed'`, [id]);
    expect(audits.rows).toHaveLength(1);
  });

  it('should let exactly one claim win when two processes claim through separate pools', async () => {
    const { id } = await openQueued(db, service);
    const elsewhere = createTestService(other.db, { now: clock.now });
    const results = await Promise.all(
      advisers.slice(0, 10).map((adviser, i) => (i % 2 === 0 ? service : elsewhere).claim(id, adviser)),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok && result.error === 'already_claimed')).toHaveLength(9);
  });

  it('should open one escalation when two requests for the same conversation arrive at once', async () => {
    const seeded = await seedConversation(db);
    const elsewhere = createTestService(other.db, { now: clock.now });
    const request = { conversationKey: seeded.conversationKey, channel: seeded.channel, language: 'da' as const };
    const opened = await Promise.all([service.open(request), elsewhere.open(request), service.open(request), elsewhere.open(request)]);
    const rows = await db.query<{ id: string }>('SELECT id FROM escalations WHERE conversation_id = $1', [seeded.conversationKey]);
    expect(rows.rows).toHaveLength(1);
    expect(new Set(opened.map((result) => result.escalation.id))).toEqual(new Set([rows.rows[0]!.id]));
    expect(opened.filter((result) => result.created)).toHaveLength(1);
    expect(await outboxRows(db, rows.rows[0]!.id)).toHaveLength(1);
  });

  it('should never deliver a reply after the resolve when reply and resolve race', async () => {
    const { id } = await openQueued(db, service);
    const adviser = advisers[0]!;
    await service.claim(id, adviser);
    const [replied, resolved] = await Promise.all([service.reply(id, adviser, 'Sidste svar'), service.resolve(id, adviser)]);
    expect(resolved.ok).toBe(true);
    const kinds = (await outboxRows(db, id)).filter((row) => row.kind === 'user').map((row) => row.payload.kind);
    // Either the reply committed first (and is queued before bot_back), or it was refused as closed.
    if (replied.ok) expect(kinds).toEqual(['adviser_joined', 'adviser_message', 'bot_back']);
    else expect([replied.error, kinds]).toEqual(['closed', ['adviser_joined', 'bot_back']]);
  });
});
