/**
 * Escalations (hand-offs to advisers) in Postgres. Opening is idempotent per conversation: the partial unique index
 * allows one open escalation, and a second attempt returns the open one.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../knowledge/index.js';
import type { Citation, EscalationState } from '../messages.js';

export type EscalationTrigger = 'user_request' | 'low_confidence' | 'thumbs_down';

export interface EscalationRecord extends EscalationState {
  conversationId: string;
  trigger: EscalationTrigger;
  channel: string;
  language: string;
  question: string;
  summary: string;
  lastAnswer?: { text: string; citations: Citation[] };
  adviserId?: string;
  dueAt: string;
  createdAt: string;
}

export interface OpenEscalationInput {
  conversationId: string;
  trigger: EscalationTrigger;
  channel: string;
  language: string;
  question: string;
  summary: string;
  lastAnswer?: { text: string; citations: Citation[] };
  dueAt: Date;
}

/** Opens an escalation, or returns the conversation's open one. `created` says which. */
export async function openEscalation(
  db: Queryable,
  input: OpenEscalationInput,
): Promise<{ escalation: EscalationRecord; created: boolean }> {
  const inserted = await db.query<EscalationRow>(
    `INSERT INTO escalations (id, conversation_id, status, trigger, channel, language, question, summary, last_answer, due_at)
     VALUES ($1, $2, 'queued', $3, $4, $5, $6, $7, $8::jsonb, $9)
     ON CONFLICT (conversation_id) WHERE status IN ('queued', 'claimed') DO NOTHING
     RETURNING *`,
    [
      randomUUID(),
      input.conversationId,
      input.trigger,
      input.channel,
      input.language,
      input.question,
      input.summary,
      input.lastAnswer ? JSON.stringify(input.lastAnswer) : null,
      input.dueAt.toISOString(),
    ],
  );
  if (inserted.rows[0]) return { escalation: toEscalation(inserted.rows[0]), created: true };
  const open = await findOpenEscalation(db, input.conversationId);
  if (!open) throw new Error(`could not open or find an escalation for ${input.conversationId}`);
  return { escalation: open, created: false };
}

export async function findOpenEscalation(db: Queryable, conversationId: string): Promise<EscalationRecord | undefined> {
  const result = await db.query<EscalationRow>(
    `SELECT * FROM escalations WHERE conversation_id = $1 AND status IN ('queued', 'claimed')`,
    [conversationId],
  );
  return result.rows[0] ? toEscalation(result.rows[0]) : undefined;
}

export interface EscalationRow {
  id: string;
  conversation_id: string;
  status: EscalationState['status'];
  trigger: EscalationTrigger;
  channel: string;
  language: string;
  question: string;
  summary: string;
  last_answer: { text: string; citations: Citation[] } | string | null;
  adviser_id: string | null;
  adviser_name: string | null;
  due_at: Date | string;
  created_at: Date | string;
}

export function toEscalation(row: EscalationRow): EscalationRecord {
  const lastAnswer = typeof row.last_answer === 'string' ? JSON.parse(row.last_answer) : row.last_answer;
  return {
    id: row.id,
    status: row.status,
    adviserName: row.adviser_name ?? undefined,
    adviserId: row.adviser_id ?? undefined,
    conversationId: row.conversation_id,
    trigger: row.trigger,
    channel: row.channel,
    language: row.language,
    question: row.question,
    summary: row.summary,
    lastAnswer: lastAnswer ?? undefined,
    dueAt: new Date(row.due_at).toISOString(),
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** The part of an escalation a user's reply shows. */
export function escalationState(record: EscalationRecord): EscalationState {
  return { id: record.id, status: record.status, adviserName: record.adviserName };
}
