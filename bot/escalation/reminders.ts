/**
 * The deadline: a queued escalation still unclaimed when its target passes gets one 'escalation.reminder' to the
 * advisers. reminded_at guards against repeats (across processes too: the UPDATE claims the reminder); releasing
 * an escalation back to the queue clears it.
 */
import type { Db } from '../../knowledge/index.js';
import { loadEscalation, toSummary } from './escalation-rows.js';
import { enqueueAdviserEvent, writeAudit } from './escalation-records.js';

/** Queues one reminder per overdue, unclaimed, not yet reminded escalation; returns how many. */
export async function enqueueDueReminders(db: Db, now: Date = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await tx.query<{ id: string }>(
      `UPDATE escalations SET reminded_at = $1::timestamptz
       WHERE status = 'queued' AND reminded_at IS NULL AND due_at <= $1::timestamptz RETURNING id`,
      [now.toISOString()],
    );
    for (const { id } of due.rows) {
      const row = (await loadEscalation(tx, id))!;
      const escalation = toSummary(row, now);
      await enqueueAdviserEvent(tx, `${id}:reminder:${row.version}`, id, { type: 'escalation.reminder', escalation });
      await writeAudit(tx, { actor: 'system', action: 'reminder', escalationId: id, details: { dueAt: escalation.dueAt, ageMinutes: escalation.ageMinutes } });
    }
    return due.rows.length;
  });
}
