/**
 * The SQL of the case-submission queue (table `case_submissions`, migration 020): insert with a yearly reference
 * number, list, read, edit, status changes, the attachment, the submissions' audit trail, and the outbox row that
 * messages a submitter in their own conversation. The rules (who may do what, in which status) live in
 * bot/submissions/submission-service.ts; this file only reads and writes.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../knowledge/index.js';
import type { UserDelivery } from '../escalation/escalation-port.js';
import type { SubmissionEvent, SubmissionListFilter, SubmissionSource, SubmissionStatus, SubmissionSummary } from '../submissions/submission-port.js';

/** A row as stored. */
export interface SubmissionRow {
  id: string;
  reference: string;
  source: SubmissionSource;
  status: SubmissionStatus;
  front_matter: Record<string, unknown>;
  body: string;
  channel: string;
  submitter_id: string | null;
  submitter_name: string | null;
  language: string;
  audience: string;
  conversation_key: string | null;
  delivery_ref: unknown;
  attachment_name: string | null;
  attachment_type: string | null;
  attachment_size: number | null;
  document_id: string | null;
  library_path: string | null;
  rejection_reason: string | null;
  escalation_id: string | null;
  version: number;
  created_at: Date | string;
  updated_at: Date | string;
}

/** What a new row holds. */
export interface NewSubmission {
  source: SubmissionSource;
  frontMatter: Record<string, unknown>;
  body: string;
  channel: string;
  submitterId?: string;
  submitterName?: string;
  language: string;
  audience: string;
  conversationKey?: string;
  deliveryRef?: unknown;
  attachment?: { fileName: string; mimeType: string; bytes: Buffer };
  escalationId?: string;
}

/** Every column but the attachment's bytes. */
const COLUMNS = `id, reference, source, status, front_matter, body, channel, submitter_id, submitter_name, language, audience,
  conversation_key, delivery_ref, attachment_name, attachment_type, attachment_size, document_id, library_path,
  rejection_reason, escalation_id, version, created_at, updated_at`;

const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);
const iso = (value: Date | string) => new Date(value).toISOString();

function normalise(row: SubmissionRow): SubmissionRow {
  return { ...row, front_matter: json(row.front_matter) ?? {}, delivery_ref: json(row.delivery_ref) ?? null, version: Number(row.version) };
}

/** `KC-2026-0007`: the year and that year's next number, handed out atomically. */
export async function nextReference(q: Queryable, year: number): Promise<string> {
  const result = await q.query<{ last: number }>(
    `INSERT INTO case_submission_numbers (year, last) VALUES ($1, 1)
     ON CONFLICT (year) DO UPDATE SET last = case_submission_numbers.last + 1 RETURNING last`,
    [year],
  );
  return `KC-${year}-${String(result.rows[0]!.last).padStart(4, '0')}`;
}

/**
 * Stores a new submission (status `new`) and returns its id and reference. An adviser draft with an escalation id
 * already kept returns undefined (one draft per hand-off).
 */
export async function insertSubmission(q: Queryable, entry: NewSubmission, now: Date): Promise<{ id: string; reference: string } | undefined> {
  const id = randomUUID();
  const reference = await nextReference(q, now.getUTCFullYear());
  const result = await q.query(
    `INSERT INTO case_submissions (id, reference, source, front_matter, body, channel, submitter_id, submitter_name, language,
       audience, conversation_key, delivery_ref, attachment_name, attachment_type, attachment_size, attachment, escalation_id,
       created_at, updated_at)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13, $14, $15, $16, $17, $18, $18)
     ON CONFLICT (escalation_id) WHERE escalation_id IS NOT NULL DO NOTHING
     RETURNING id`,
    [
      id,
      reference,
      entry.source,
      JSON.stringify(entry.frontMatter),
      entry.body,
      entry.channel,
      entry.submitterId ?? null,
      entry.submitterName ?? null,
      entry.language,
      entry.audience,
      entry.conversationKey ?? null,
      entry.deliveryRef === undefined ? null : JSON.stringify(entry.deliveryRef),
      entry.attachment?.fileName ?? null,
      entry.attachment?.mimeType ?? null,
      entry.attachment?.bytes.length ?? null,
      entry.attachment?.bytes ?? null,
      entry.escalationId ?? null,
      now.toISOString(),
    ],
  );
  return result.rows.length === 1 ? { id, reference } : undefined;
}

/** The queue, newest first. */
export async function listSubmissionRows(q: Queryable, filter: SubmissionListFilter = {}): Promise<SubmissionRow[]> {
  const result = await q.query<SubmissionRow>(
    `SELECT ${COLUMNS} FROM case_submissions
     WHERE ($1::text[] IS NULL OR status = ANY($1::text[])) AND ($2::text IS NULL OR source = $2)
     ORDER BY created_at DESC, reference DESC LIMIT 500`,
    [filter.status && filter.status.length > 0 ? filter.status : null, filter.source ?? null],
  );
  return result.rows.map(normalise);
}

/**
 * The references of a conversation's shared cases that still wait for the centre (new or asked about), oldest first:
 * the web chat follows the conversation while there are any (migration 028 indexes the conversation).
 */
export async function listWaitingReferences(q: Queryable, conversationKey: string): Promise<string[]> {
  const result = await q.query<{ reference: string }>(
    `SELECT reference FROM case_submissions
     WHERE conversation_key = $1 AND status IN ('new', 'asked') AND source = 'submission'
     ORDER BY created_at`,
    [conversationKey],
  );
  return result.rows.map((row) => row.reference);
}
/** One row; `forUpdate` locks it for the transaction (status changes). */
export async function getSubmissionRow(q: Queryable, id: string, forUpdate = false): Promise<SubmissionRow | undefined> {
  const result = await q.query<SubmissionRow>(`SELECT ${COLUMNS} FROM case_submissions WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return result.rows[0] ? normalise(result.rows[0]) : undefined;
}

/** The submission that published `documentId`, if any (the newest). */
export async function findSubmissionByDocument(q: Queryable, documentId: string): Promise<SubmissionRow | undefined> {
  const result = await q.query<SubmissionRow>(
    `SELECT ${COLUMNS} FROM case_submissions WHERE document_id = $1 ORDER BY updated_at DESC LIMIT 1`,
    [documentId],
  );
  return result.rows[0] ? normalise(result.rows[0]) : undefined;
}

/** The attachment's name, type and bytes. */
export async function getSubmissionAttachment(
  q: Queryable,
  id: string,
): Promise<{ fileName: string; mimeType: string; bytes: Buffer } | undefined> {
  const result = await q.query<{ attachment_name: string | null; attachment_type: string | null; attachment: Uint8Array | null }>(
    'SELECT attachment_name, attachment_type, attachment FROM case_submissions WHERE id = $1',
    [id],
  );
  const row = result.rows[0];
  if (!row || !row.attachment || !row.attachment_name) return undefined;
  // node-postgres returns a Buffer, PGlite a Uint8Array.
  return { fileName: row.attachment_name, mimeType: row.attachment_type ?? 'application/octet-stream', bytes: Buffer.from(row.attachment) };
}

/** Replaces front matter and body (an adviser's edit). */
export async function updateSubmissionContent(q: Queryable, id: string, frontMatter: Record<string, unknown>, body: string, now: Date): Promise<void> {
  await q.query('UPDATE case_submissions SET front_matter = $2::jsonb, body = $3, updated_at = $4 WHERE id = $1', [
    id,
    JSON.stringify(frontMatter),
    body,
    now.toISOString(),
  ]);
}

/** Moves a row to `status`, with what goes with it; bumps `version` (outbox event keys). Returns the new version. */
export async function setSubmissionStatus(
  q: Queryable,
  id: string,
  status: SubmissionStatus,
  now: Date,
  fields: { documentId?: string | null; libraryPath?: string | null; rejectionReason?: string | null } = {},
): Promise<number> {
  const result = await q.query<{ version: number }>(
    `UPDATE case_submissions SET status = $2, updated_at = $3, version = version + 1,
       document_id = CASE WHEN $4::boolean THEN $5 ELSE document_id END,
       library_path = CASE WHEN $6::boolean THEN $7 ELSE library_path END,
       rejection_reason = CASE WHEN $8::boolean THEN $9 ELSE rejection_reason END
     WHERE id = $1 RETURNING version`,
    [
      id,
      status,
      now.toISOString(),
      'documentId' in fields,
      fields.documentId ?? null,
      'libraryPath' in fields,
      fields.libraryPath ?? null,
      'rejectionReason' in fields,
      fields.rejectionReason ?? null,
    ],
  );
  return Number(result.rows[0]?.version ?? 0);
}

/** One audit entry about a submission or a library document (never a case's text). */
export async function writeSubmissionAudit(
  q: Queryable,
  entry: { actor: string; action: string; submissionId?: string; details?: Record<string, unknown> },
): Promise<void> {
  await q.query('INSERT INTO audit_log (actor, action, submission_id, details) VALUES ($1, $2, $3, $4::jsonb)', [
    entry.actor,
    entry.action,
    entry.submissionId ?? null,
    JSON.stringify(entry.details ?? {}),
  ]);
}

/** A submission's audit trail, oldest first. */
export async function readSubmissionAudit(q: Queryable, submissionId: string): Promise<SubmissionEvent[]> {
  const result = await q.query<{ actor: string; action: string; details: unknown; at: Date | string }>(
    'SELECT actor, action, details, at FROM audit_log WHERE submission_id = $1 ORDER BY id ASC',
    [submissionId],
  );
  return result.rows.map((row) => ({ at: iso(row.at), actor: row.actor, action: row.action, details: (json(row.details) ?? {}) as Record<string, unknown> }));
}

/**
 * Queues a message to the submitter, delivered by their channel's DeliveryPort like an adviser's hand-off reply.
 * Idempotent per `eventKey`.
 */
export async function enqueueSubmitterMessage(q: Queryable, eventKey: string, delivery: UserDelivery): Promise<void> {
  await q.query(
    `INSERT INTO outbox (event_key, kind, conversation_id, payload) VALUES ($1, 'user', $2, $3::jsonb)
     ON CONFLICT (event_key) DO NOTHING`,
    [eventKey, delivery.conversationKey, JSON.stringify(delivery)],
  );
}

/** The queue's line of a row. */
export function toSubmissionSummary(row: SubmissionRow): SubmissionSummary {
  const front = row.front_matter;
  return {
    id: row.id,
    reference: row.reference,
    source: row.source,
    status: row.status,
    title: typeof front.title === 'string' ? front.title : row.reference,
    ...(typeof front.organisation === 'string' ? { organisation: front.organisation } : {}),
    channel: row.channel,
    ...(row.submitter_name ? { submitterName: row.submitter_name } : {}),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    hasAttachment: row.attachment_name !== null,
  };
}
