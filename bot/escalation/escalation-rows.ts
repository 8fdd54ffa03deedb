/**
 * Reading escalations for advisers: rows joined with their conversation, turned into the port's summaries and
 * details (age against the response target, transcript, the bot's last answer).
 */
import type { Queryable } from '../../knowledge/index.js';
import type { Language } from '../messages.js';
import { listMessages } from '../store/conversation-store.js';
import type { EscalationRow } from '../store/escalation-store.js';
import type { EscalationDetail, EscalationListFilter, EscalationSummary, TranscriptEntry } from './escalation-port.js';

/** An escalation row with the columns of migration 005 and its conversation's user and delivery reference. */
export interface JoinedEscalationRow extends EscalationRow {
  claimed_at: Date | string | null;
  resolved_at: Date | string | null;
  resolution_note: string | null;
  keep_answer: boolean;
  delivery_failed: boolean;
  reminded_at: Date | string | null;
  version: number;
  user_id: string | null;
  user_name: string | null;
  delivery_ref: unknown;
  /** Whether the claiming adviser's account is enabled; null when unclaimed (or the id names no account). */
  adviser_enabled: boolean | null;
}

/** Claimed by an adviser who has since been disabled: counts as queued for the user and for a takeover. */
export function isOwnerDisabled(row: JoinedEscalationRow): boolean {
  return row.status === 'claimed' && row.adviser_enabled === false;
}

/** Intent of the stored acknowledgements ("Din besked er sendt videre …"): stored, but not shown to advisers. */
export const ACK_INTENT = 'handoff_ack';

const SELECT = `SELECT e.*, c.user_id, c.user_name, c.delivery_ref, a.enabled AS adviser_enabled
  FROM escalations e JOIN conversations c ON c.id = e.conversation_id LEFT JOIN advisers a ON a.id = e.adviser_id`;

/** One escalation; `lock` takes a row lock for the rest of the transaction (FOR UPDATE). */
export async function loadEscalation(q: Queryable, id: string, lock = false): Promise<JoinedEscalationRow | undefined> {
  const result = await q.query<JoinedEscalationRow>(`${SELECT} WHERE e.id = $1${lock ? ' FOR UPDATE OF e' : ''}`, [id]);
  return result.rows[0];
}

/** The conversation's open (queued or claimed) escalation, locked when `lock`. */
export async function loadOpenEscalation(q: Queryable, conversationKey: string, lock = false): Promise<JoinedEscalationRow | undefined> {
  const result = await q.query<JoinedEscalationRow>(
    `${SELECT} WHERE e.conversation_id = $1 AND e.status IN ('queued', 'claimed')${lock ? ' FOR UPDATE OF e' : ''}`,
    [conversationKey],
  );
  return result.rows[0];
}

/** The port's summary of a row, with its age and whether the target passed while it was unclaimed, at `now`. */
export function toSummary(row: JoinedEscalationRow, now: Date): EscalationSummary {
  const createdAt = new Date(row.created_at);
  const dueAt = new Date(row.due_at);
  return {
    id: row.id,
    status: row.status,
    trigger: row.trigger,
    channel: row.channel,
    language: (row.language === 'en' ? 'en' : 'da') as Language,
    question: row.question,
    summary: row.summary,
    ...(row.user_name ? { userName: row.user_name } : {}),
    ...(row.adviser_id ? { adviserId: row.adviser_id } : {}),
    ...(row.adviser_name ? { adviserName: row.adviser_name } : {}),
    createdAt: createdAt.toISOString(),
    dueAt: dueAt.toISOString(),
    ageMinutes: Math.max(0, Math.floor((now.getTime() - createdAt.getTime()) / 60_000)),
    overdue: row.status === 'queued' && now.getTime() >= dueAt.getTime(),
    ...(row.delivery_failed ? { deliveryFailed: true } : {}),
  };
}

/** Escalations matching `filter` (no filter: all), oldest first as in a queue, at most `limit`. */
export async function listEscalations(q: Queryable, filter: EscalationListFilter, now: Date, limit = 500): Promise<EscalationSummary[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (filter.status?.length) add((n) => `e.status = ANY(${n}::text[])`, filter.status);
  if (filter.adviserId) add((n) => `e.adviser_id = ${n}`, filter.adviserId);
  if (filter.channel) add((n) => `e.channel = ${n}`, filter.channel);
  if (filter.minAgeMinutes !== undefined) {
    add((n) => `e.created_at <= ${n}::timestamptz`, new Date(now.getTime() - filter.minAgeMinutes * 60_000).toISOString());
  }
  params.push(limit);
  const result = await q.query<JoinedEscalationRow>(
    `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY e.created_at ASC, e.id LIMIT $${params.length}`,
    params,
  );
  return result.rows.map((row) => toSummary(row, now));
}

/** The whole escalation for the console: summary, transcript (without acknowledgements), last answer, note. */
export async function loadDetail(q: Queryable, id: string, now: Date): Promise<EscalationDetail | undefined> {
  const row = await loadEscalation(q, id);
  if (!row) return undefined;
  const messages = await listMessages(q, row.conversation_id, 200);
  const transcript: TranscriptEntry[] = messages
    .filter((message) => message.intent !== ACK_INTENT)
    .map((message) => ({
      id: message.id,
      role: message.role,
      text: message.text,
      ...(message.authorName ? { authorName: message.authorName } : {}),
      citations: message.citations,
      createdAt: message.createdAt,
    }));
  const lastAnswer = typeof row.last_answer === 'string' ? JSON.parse(row.last_answer) : row.last_answer;
  return {
    ...toSummary(row, now),
    conversationKey: row.conversation_id,
    transcript,
    ...(lastAnswer ? { lastAnswer } : {}),
    ...(row.resolution_note ? { resolutionNote: row.resolution_note } : {}),
  };
}

