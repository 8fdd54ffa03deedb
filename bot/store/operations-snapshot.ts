/**
 * What the operators watch, read from the engine's tables in one go: stored 👍/👎 by channel, escalations by state
 * with the oldest queued one's age, and the outbox's backlog and failures. Read at scrape time by
 * observability/metrics-operations.ts, so it is counted across every instance sharing the database (a counter in one
 * process would see only its own events). The same SQL runs on PGlite and Postgres; every query is an aggregate over
 * an indexed or small table (the outbox keeps settled rows 30 days, escalations and feedback are a few per
 * conversation).
 */
import type { Queryable } from '../../knowledge/index.js';

export type EscalationStatus = 'queued' | 'claimed' | 'resolved' | 'cancelled';
export const ESCALATION_STATUSES: readonly EscalationStatus[] = ['queued', 'claimed', 'resolved', 'cancelled'];
export type OutboxKind = 'adviser' | 'user';
export const OUTBOX_KINDS: readonly OutboxKind[] = ['adviser', 'user'];

export interface OperationsSnapshot {
  /** Stored votes (a changed vote counts once, as its latest value), by channel. */
  feedback: { channel: string; value: 'up' | 'down'; count: number }[];
  /** Escalations kept in the database, by state (every state present, 0 when none). */
  escalations: Record<EscalationStatus, number>;
  /** Seconds since the oldest queued escalation was raised; 0 when none is queued. */
  oldestQueuedEscalationSeconds: number;
  /** Per kind (every kind present): rows waiting to be delivered, of which `retrying` failed at least once, and rows given up. */
  outbox: Record<OutboxKind, { pending: number; retrying: number; failed: number }>;
  /** Seconds since the oldest pending outbox row was queued; 0 when none is pending. */
  oldestPendingOutboxSeconds: number;
}

const FEEDBACK_SQL = `SELECT channel, value, count(*)::int AS count FROM feedback GROUP BY channel, value ORDER BY channel, value`;

const ESCALATIONS_SQL = `SELECT status, count(*)::int AS count,
  coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS oldest_seconds
FROM escalations GROUP BY status`;

const OUTBOX_SQL = `SELECT kind,
  count(*) FILTER (WHERE delivered_at IS NULL AND failed_at IS NULL)::int AS pending,
  count(*) FILTER (WHERE delivered_at IS NULL AND failed_at IS NULL AND attempts > 0)::int AS retrying,
  count(*) FILTER (WHERE failed_at IS NOT NULL)::int AS failed,
  coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE delivered_at IS NULL AND failed_at IS NULL)), 0)::float8 AS oldest_pending_seconds
FROM outbox GROUP BY kind`;

/** Reads the snapshot (three aggregate queries). */
export async function readOperationsSnapshot(db: Queryable): Promise<OperationsSnapshot> {
  const feedback = await db.query<{ channel: string; value: 'up' | 'down'; count: number }>(FEEDBACK_SQL);
  const escalationRows = await db.query<{ status: EscalationStatus; count: number; oldest_seconds: number }>(ESCALATIONS_SQL);
  const outboxRows = await db.query<{ kind: OutboxKind; pending: number; retrying: number; failed: number; oldest_pending_seconds: number }>(OUTBOX_SQL);

  const escalations = Object.fromEntries(ESCALATION_STATUSES.map((status) => [status, 0])) as Record<EscalationStatus, number>;
  let oldestQueuedEscalationSeconds = 0;
  for (const row of escalationRows.rows) {
    escalations[row.status] = Number(row.count);
    if (row.status === 'queued') oldestQueuedEscalationSeconds = Math.max(0, Number(row.oldest_seconds));
  }
  const outbox = Object.fromEntries(OUTBOX_KINDS.map((kind) => [kind, { pending: 0, retrying: 0, failed: 0 }])) as OperationsSnapshot['outbox'];
  let oldestPendingOutboxSeconds = 0;
  for (const row of outboxRows.rows) {
    outbox[row.kind] = { pending: Number(row.pending), retrying: Number(row.retrying), failed: Number(row.failed) };
    oldestPendingOutboxSeconds = Math.max(oldestPendingOutboxSeconds, Number(row.oldest_pending_seconds));
  }
  return {
    feedback: feedback.rows.map((row) => ({ channel: row.channel, value: row.value, count: Number(row.count) })),
    escalations,
    oldestQueuedEscalationSeconds,
    outbox,
    oldestPendingOutboxSeconds,
  };
}

/**
 * `readOperationsSnapshot` for `db`, remembered for `maxAgeMs`: every gauge of one scrape (and scrapes closer
 * together than that) shares one read; concurrent callers share the read in progress. A failed read is not kept.
 */
export function cachedOperationsSnapshot(db: Queryable, options: { maxAgeMs?: number; now?: () => number } = {}): () => Promise<OperationsSnapshot> {
  const maxAgeMs = options.maxAgeMs ?? 5_000;
  const now = options.now ?? Date.now;
  let cached: { at: number; settled: boolean; snapshot: Promise<OperationsSnapshot> } | undefined;
  return () => {
    if (cached && (!cached.settled || now() - cached.at < maxAgeMs)) return cached.snapshot;
    const entry = { at: now(), settled: false, snapshot: readOperationsSnapshot(db) };
    cached = entry;
    entry.snapshot.then(
      () => {
        entry.settled = true;
        entry.at = now();
      },
      () => {
        if (cached === entry) cached = undefined;
      },
    );
    return entry.snapshot;
  };
}
