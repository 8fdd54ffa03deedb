import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { purgeExpiredContent } from '../../bot/store/content-retention.js';
import { startHousekeeping } from '../../bot/store/housekeeping.js';
import { silentLogger } from '../../config/logger.js';
import type { Db } from '../../knowledge/index.js';
import { testDatabases } from '../support/test-databases.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();
const OLD = daysAgo(181);
const INSIDE = daysAgo(179);

/** Direct inserts with chosen times: the engine always writes "now". */
function seeder(db: Db) {
  return {
    conversation: (id: string, updatedAt: string) =>
      db.query(
        `INSERT INTO conversations (id, channel, external_id, thread_id, user_id, created_at, updated_at) VALUES ($1, 'web', $1, '', 'u-' || $1, $2, $2)`,
        [id, updatedAt],
      ),
    message: (id: string, conversation: string, at: string, role = 'user') =>
      db.query(`INSERT INTO messages (id, conversation_id, role, text, created_at) VALUES ($1, $2, $3, 'tekst ' || $1, $4)`, [id, conversation, role, at]),
    feedback: (message: string, at: string) =>
      db.query(`INSERT INTO feedback (message_id, user_id, channel, value, comment, created_at, updated_at) VALUES ($1, 'u', 'web', 'down', 'for kort', $2, $2)`, [message, at]),
    escalation: (id: string, conversation: string, status: string, at: string) =>
      db.query(
        `INSERT INTO escalations (id, conversation_id, status, trigger, channel, question, summary, resolution_note, due_at, created_at, updated_at, resolved_at)
         VALUES ($1, $2, $3, 'user_request', 'web', 'spørgsmål', 'resumé', CASE WHEN $3 = 'resolved' THEN 'note' END, $4, $4, $4, CASE WHEN $3 = 'resolved' THEN $4::timestamptz END)`,
        [id, conversation, status, at],
      ),
    outbox: (key: string, conversation: string, deliveredAt: string | null) =>
      db.query(`INSERT INTO outbox (event_key, kind, conversation_id, payload, created_at, delivered_at) VALUES ($1, 'user', $2, '{"text":"svar"}', $3, $4)`, [
        key,
        conversation,
        deliveredAt ?? OLD,
        deliveredAt,
      ]),
    gap: (message: string, at: string) =>
      db.query(`INSERT INTO knowledge_gaps (message_id, question, reason, created_at) VALUES ($1, 'spørgsmål', 'low_confidence', $2)`, [message, at]),
    audit: (escalation: string, at: string) =>
      db.query(`INSERT INTO audit_log (actor, action, escalation_id, details, at) VALUES ('adv-1', 'resolved', $1, '{"note":"privat","keep":false}', $2)`, [escalation, at]),
  };
}

const ids = async (db: Db, sql: string) => (await db.query<{ id: string }>(sql)).rows.map((row) => String(row.id)).sort();

describe.each(testDatabases)('purgeExpiredContent on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await target.open();
    const seed = seeder(db);
    // Silent for 181 days: goes whole, with its feedback, escalation and gap.
    await seed.conversation('old', OLD);
    await seed.message('old-1', 'old', OLD);
    await seed.message('old-2', 'old', OLD, 'bot');
    await seed.feedback('old-2', OLD);
    await seed.escalation('esc-old', 'old', 'resolved', OLD);
    await seed.gap('old-2', OLD);
    // Silent for 179 days: everything stays.
    await seed.conversation('inside', INSIDE);
    await seed.message('inside-1', 'inside', INSIDE);
    await seed.message('inside-2', 'inside', INSIDE, 'bot');
    await seed.feedback('inside-2', INSIDE);
    await seed.escalation('esc-inside', 'inside', 'resolved', INSIDE);
    await seed.gap('inside-2', INSIDE);
    // Old, but an adviser has it open: stays.
    await seed.conversation('waiting', OLD);
    await seed.message('waiting-1', 'waiting', OLD);
    await seed.escalation('esc-waiting', 'waiting', 'queued', OLD);
    await seed.feedback('waiting-1', OLD);
    // Old, but a delivery is still pending: the conversation (where it goes) stays, its old message does not.
    await seed.conversation('pending', OLD);
    await seed.message('pending-1', 'pending', OLD);
    await seed.outbox('pending-delivery', 'pending', null);
    // In use for a long time: its old message and old escalation's content go, the rest stays.
    await seed.conversation('long', daysAgo(1));
    await seed.message('long-old', 'long', OLD);
    await seed.message('long-new', 'long', daysAgo(1));
    await seed.escalation('esc-long', 'long', 'resolved', OLD);
    await seed.audit('esc-long', OLD);
    await seed.audit('esc-inside', INSIDE);
    await seed.outbox('long-delivered-old', 'long', OLD);
    await seed.outbox('long-delivered-inside', 'long', INSIDE);
  });
  afterAll(async () => db?.close());

  it('should count what would go per table and change nothing when it is a dry run', async () => {
    const report = await purgeExpiredContent(db, NOW, { retentionDays: 180, dryRun: true });
    expect(report.cutoff.toISOString()).toBe(daysAgo(180));
    expect(report.deleted).toEqual({
      conversations: 1,
      messages: 4,
      feedback: 1,
      escalations: 1,
      slack_escalation_cards: 0,
      outbox: 1,
      knowledge_gaps: 1,
      slack_threads: 0,
      slack_assistant_threads: 0,
    });
    expect(report.emptied).toEqual({ feedbackComments: 1, escalations: 1, auditEntries: 1 });
    expect(await ids(db, 'SELECT id FROM conversations')).toEqual(['inside', 'long', 'old', 'pending', 'waiting']);
    expect(await ids(db, "SELECT id FROM escalations WHERE question = ''")).toEqual([]);
  });

  it('should delete exactly the content past the retention period and keep rows just inside it, open escalations and pending deliveries', async () => {
    const report = await purgeExpiredContent(db, NOW, { retentionDays: 180 });
    expect(report.deleted).toMatchObject({ conversations: 1, messages: 4, feedback: 1, escalations: 1, outbox: 1, knowledge_gaps: 1 });

    expect(await ids(db, 'SELECT id FROM conversations')).toEqual(['inside', 'long', 'pending', 'waiting']);
    expect(await ids(db, 'SELECT id FROM messages')).toEqual(['inside-1', 'inside-2', 'long-new', 'waiting-1']);
    expect(await ids(db, 'SELECT message_id AS id FROM feedback WHERE comment IS NOT NULL')).toEqual(['inside-2']);
    expect(await ids(db, 'SELECT message_id AS id FROM feedback')).toEqual(['inside-2', 'waiting-1']);
    expect(await ids(db, 'SELECT message_id AS id FROM knowledge_gaps')).toEqual(['inside-2']);
    expect(await ids(db, 'SELECT event_key AS id FROM outbox')).toEqual(['long-delivered-inside', 'pending-delivery']);
    const escalations = await db.query<{ id: string; status: string; question: string; summary: string; resolution_note: string | null }>(
      'SELECT id, status, question, summary, resolution_note FROM escalations ORDER BY id',
    );
    expect(escalations.rows).toEqual([
      { id: 'esc-inside', status: 'resolved', question: 'spørgsmål', summary: 'resumé', resolution_note: 'note' },
      { id: 'esc-long', status: 'resolved', question: '', summary: '', resolution_note: null },
      { id: 'esc-waiting', status: 'queued', question: 'spørgsmål', summary: 'resumé', resolution_note: null },
    ]);
    const audit = await db.query<{ escalation_id: string; actor: string; action: string; details: unknown }>(
      'SELECT escalation_id, actor, action, details FROM audit_log ORDER BY escalation_id',
    );
    const details = audit.rows.map((row) => ({ ...row, details: typeof row.details === 'string' ? JSON.parse(row.details) : row.details }));
    expect(details).toEqual([
      { escalation_id: 'esc-inside', actor: 'adv-1', action: 'resolved', details: { note: 'privat', keep: false } },
      { escalation_id: 'esc-long', actor: 'adv-1', action: 'resolved', details: { keep: false } },
    ]);
  });

  it('should find nothing more to do when run again', async () => {
    const report = await purgeExpiredContent(db, NOW, { retentionDays: 180 });
    expect(Object.values(report.deleted).every((n) => n === 0)).toBe(true);
    expect(report.emptied).toEqual({ feedbackComments: 0, escalations: 0, auditEntries: 0 });
  });

  // PGlite is one session: its transactions run one after another, so two purges never overlap there.
  it.runIf(target.name === 'postgres')('should skip, changing nothing, while another instance is purging', async () => {
    await db.query(`INSERT INTO knowledge_gaps (question, reason, created_at) VALUES ('gammel', 'low_confidence', $1)`, [OLD]);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const other = db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(74657016)');
      locked();
      await held;
    });
    await isLocked;
    const report = await purgeExpiredContent(db, NOW, { retentionDays: 180 });
    release();
    await other;
    expect(report.skipped).toBe(true);
    expect(report.deleted.knowledge_gaps).toBe(0);
    expect((await purgeExpiredContent(db, NOW, { retentionDays: 180 })).deleted.knowledge_gaps).toBe(1);
  });

  it('should be run by the hourly housekeeping with the configured RETENTION_DAYS', async () => {
    const seed = seeder(db);
    await seed.conversation('ten-days', daysAgo(10));
    await seed.message('ten-days-1', 'ten-days', daysAgo(10));
    const housekeeping = startHousekeeping(db, silentLogger, { retentionDays: 7, intervalMs: 3_600_000 });
    try {
      await vi.waitFor(async () => expect(await ids(db, "SELECT id FROM conversations WHERE id = 'ten-days'")).toEqual([]), { timeout: 30_000 });
    } finally {
      housekeeping.stop();
    }
  });
});
