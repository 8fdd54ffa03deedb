/**
 * The records every hand-off action writes inside its transaction: an audit row, and outbox rows for the advisers'
 * notifiers and for delivery into the user's conversation. Nothing is sent here; the outbox dispatcher sends after
 * the transaction has committed.
 */
import type { Queryable } from '../../knowledge/index.js';
import type { AdviserEvent, UserDelivery } from './escalation-port.js';
import type { JoinedEscalationRow } from './escalation-rows.js';

/** One audit entry. `actor`: an adviser id, `user:<user id>` or `system`. */
export interface AuditRecord {
  actor: string;
  action: string;
  escalationId?: string;
  details?: Record<string, unknown>;
}

/** A stored audit entry. */
export interface AuditLogEntry extends AuditRecord {
  id: string;
  details: Record<string, unknown>;
  at: string;
}

/** Appends to audit_log. */
export async function writeAudit(q: Queryable, record: AuditRecord): Promise<void> {
  await q.query('INSERT INTO audit_log (actor, action, escalation_id, details) VALUES ($1, $2, $3, $4::jsonb)', [
    record.actor,
    record.action,
    record.escalationId ?? null,
    JSON.stringify(record.details ?? {}),
  ]);
}

/** The audit trail, oldest first: of one escalation, or the newest `limit` entries overall. */
export async function readAuditLog(q: Queryable, options: { escalationId?: string; limit?: number } = {}): Promise<AuditLogEntry[]> {
  const result = await q.query<{ id: unknown; actor: string; action: string; escalation_id: string | null; details: unknown; at: Date | string }>(
    `SELECT * FROM (SELECT * FROM audit_log WHERE ($1::text IS NULL OR escalation_id = $1) ORDER BY id DESC LIMIT $2) AS newest
     ORDER BY id ASC`,
    [options.escalationId ?? null, options.limit ?? 1000],
  );
  return result.rows.map((row) => ({
    id: String(row.id),
    actor: row.actor,
    action: row.action,
    ...(row.escalation_id ? { escalationId: row.escalation_id } : {}),
    details: (typeof row.details === 'string' ? JSON.parse(row.details) : row.details) as Record<string, unknown>,
    at: new Date(row.at).toISOString(),
  }));
}

/** The actor of an audit entry for a user of a conversation. */
export function userActor(row: Pick<JoinedEscalationRow, 'user_id'>): string {
  return `user:${row.user_id ?? 'unknown'}`;
}

/**
 * Queues a notification for every notifier of the dispatcher that sends it. Idempotent: a second call with the same
 * `eventKey` (`<escalation id>:<action>:<version>`) does nothing.
 */
export async function enqueueAdviserEvent(q: Queryable, eventKey: string, escalationId: string, event: AdviserEvent): Promise<void> {
  await q.query(
    `INSERT INTO outbox (event_key, kind, escalation_id, payload) VALUES ($1, 'adviser', $2, $3::jsonb)
     ON CONFLICT (event_key) DO NOTHING`,
    [eventKey, escalationId, JSON.stringify(event)],
  );
}

/** Queues a message for the user's own conversation, sent through the delivery port of its channel. Idempotent. */
export async function enqueueUserDelivery(
  q: Queryable,
  eventKey: string,
  row: JoinedEscalationRow,
  delivery: Pick<UserDelivery, 'kind' | 'text' | 'authorName'>,
): Promise<void> {
  const payload: UserDelivery = {
    conversationKey: row.conversation_id,
    channel: row.channel,
    ...(row.delivery_ref !== null && row.delivery_ref !== undefined ? { deliveryRef: row.delivery_ref } : {}),
    kind: delivery.kind,
    text: delivery.text,
    ...(delivery.authorName ? { authorName: delivery.authorName } : {}),
    language: row.language === 'en' ? 'en' : 'da',
  };
  await q.query(
    `INSERT INTO outbox (event_key, kind, escalation_id, conversation_id, payload) VALUES ($1, 'user', $2, $3, $4::jsonb)
     ON CONFLICT (event_key) DO NOTHING`,
    [eventKey, row.id, row.conversation_id, JSON.stringify(payload)],
  );
}
