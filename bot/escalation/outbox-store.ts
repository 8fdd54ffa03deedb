/**
 * The outbox table's SQL for dispatchers. A dispatcher leases due rows (locked_by = its owner id, locked_until =
 * now + lease), so several processes never work on the same row; every later write is conditional on still owning
 * the lease. User deliveries of one conversation are leased in order: a row waits while an older one is pending.
 */
import type { Queryable } from '../../knowledge/index.js';
import type { AdviserEvent, UserDelivery } from './escalation-port.js';

/** A leased outbox row. */
export interface OutboxRow {
  id: string;
  eventKey: string;
  kind: 'adviser' | 'user';
  escalationId?: string;
  payload: AdviserEvent | UserDelivery;
  /** Notifier names / `port:<channel>` that already got it. */
  deliveredTargets: string[];
  /** Including the current one. */
  attempts: number;
}

interface RawRow {
  id: unknown;
  event_key: string;
  kind: 'adviser' | 'user';
  escalation_id: string | null;
  payload: unknown;
  delivered_targets: string[] | string;
  attempts: number;
}

const toRow = (raw: RawRow): OutboxRow => ({
  id: String(raw.id),
  eventKey: raw.event_key,
  kind: raw.kind,
  ...(raw.escalation_id ? { escalationId: raw.escalation_id } : {}),
  payload: (typeof raw.payload === 'string' ? JSON.parse(raw.payload) : raw.payload) as OutboxRow['payload'],
  deliveredTargets: Array.isArray(raw.delivered_targets) ? raw.delivered_targets : [],
  attempts: Number(raw.attempts),
});

/**
 * Leases up to `limit` due rows for `owner` until `until`, counting the attempt. FOR UPDATE SKIP LOCKED makes
 * concurrent dispatchers on Postgres pass over each other's rows; the lease keeps them apart afterwards.
 */
export async function leaseDueRows(q: Queryable, owner: string, now: Date, until: Date, limit: number): Promise<OutboxRow[]> {
  const result = await q.query<RawRow>(
    `WITH due AS (
       SELECT o.id FROM outbox o
       WHERE o.delivered_at IS NULL AND o.failed_at IS NULL AND o.next_attempt_at <= $2::timestamptz
         AND (o.locked_until IS NULL OR o.locked_until <= $2::timestamptz)
         AND NOT (o.kind = 'user' AND EXISTS (
           SELECT 1 FROM outbox p WHERE p.kind = 'user' AND p.conversation_id = o.conversation_id AND p.id < o.id
             AND p.delivered_at IS NULL AND p.failed_at IS NULL))
       ORDER BY o.id LIMIT $4
       FOR UPDATE OF o SKIP LOCKED)
     UPDATE outbox SET locked_by = $1, locked_until = $3::timestamptz, attempts = outbox.attempts + 1
     FROM due WHERE outbox.id = due.id AND outbox.delivered_at IS NULL
       AND (outbox.locked_until IS NULL OR outbox.locked_until <= $2::timestamptz)
     RETURNING outbox.id, outbox.event_key, outbox.kind, outbox.escalation_id, outbox.payload, outbox.delivered_targets,
       outbox.attempts`,
    [owner, now.toISOString(), until.toISOString(), limit],
  );
  return result.rows.map(toRow).sort((a, b) => Number(a.id) - Number(b.id));
}

/** Records that one target got the row; false when the lease was lost (the caller stops). */
export async function markTargetDelivered(q: Queryable, id: string, owner: string, target: string): Promise<boolean> {
  const result = await q.query(
    `UPDATE outbox SET delivered_targets = array_append(delivered_targets, $3::text)
     WHERE id = $1 AND locked_by = $2 AND NOT ($3::text = ANY(delivered_targets)) RETURNING id`,
    [id, owner, target],
  );
  return result.rows.length > 0;
}

/** Done: every target got it. */
export async function markDelivered(q: Queryable, id: string, owner: string, now: Date): Promise<boolean> {
  const result = await q.query(
    `UPDATE outbox SET delivered_at = $3::timestamptz, locked_by = NULL, locked_until = NULL, last_error = NULL
     WHERE id = $1 AND locked_by = $2 RETURNING id`,
    [id, owner, now.toISOString()],
  );
  return result.rows.length > 0;
}

/** Try again at `at`. */
export async function scheduleRetry(q: Queryable, id: string, owner: string, at: Date, error: string): Promise<boolean> {
  const result = await q.query(
    `UPDATE outbox SET next_attempt_at = $3::timestamptz, locked_by = NULL, locked_until = NULL, last_error = $4
     WHERE id = $1 AND locked_by = $2 RETURNING id`,
    [id, owner, at.toISOString(), error.slice(0, 2000)],
  );
  return result.rows.length > 0;
}

/** Give up; a failed user delivery marks its escalation (delivery_failed, shown in the console). */
export async function markFailed(q: Queryable, row: OutboxRow, owner: string, now: Date, error: string): Promise<boolean> {
  const result = await q.query(
    `UPDATE outbox SET failed_at = $3::timestamptz, locked_by = NULL, locked_until = NULL, last_error = $4
     WHERE id = $1 AND locked_by = $2 RETURNING id`,
    [row.id, owner, now.toISOString(), error.slice(0, 2000)],
  );
  if (result.rows.length === 0) return false;
  if (row.kind === 'user' && row.escalationId) {
    await q.query('UPDATE escalations SET delivery_failed = true, updated_at = now() WHERE id = $1', [row.escalationId]);
  }
  return true;
}

/** Counts by state, for health checks and tests. */
export async function outboxCounts(q: Queryable): Promise<{ pending: number; delivered: number; failed: number }> {
  const result = await q.query<{ pending: number | string; delivered: number | string; failed: number | string }>(
    `SELECT count(*) FILTER (WHERE delivered_at IS NULL AND failed_at IS NULL) AS pending,
            count(*) FILTER (WHERE delivered_at IS NOT NULL) AS delivered,
            count(*) FILTER (WHERE failed_at IS NOT NULL) AS failed FROM outbox`,
  );
  const row = result.rows[0]!;
  return { pending: Number(row.pending), delivered: Number(row.delivered), failed: Number(row.failed) };
}
