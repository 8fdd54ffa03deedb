/**
 * The guarded state changes of an escalation. Each is one transaction: a conditional UPDATE (only one of several
 * concurrent callers can match it), then the conversation message, the outbox rows and the audit row. When the
 * UPDATE matches nothing, a fresh read tells why (not_found, already_claimed, not_yours, closed, not_queued).
 */
import type { Db, Queryable } from '../../knowledge/index.js';
import { appendMessage, type NewMessage } from '../store/conversation-store.js';
import { maskPersonalData } from '../understanding/mask-personal-data.js';
import { maskAdviserText } from './mask-adviser-text.js';
import type { AdviserIdentity, EscalationError, EscalationResult, EscalationSummary, UserDelivery } from './escalation-port.js';
import { loadEscalation, loadOpenEscalation, toSummary, type JoinedEscalationRow } from './escalation-rows.js';
import { ESCALATION_ERROR_MESSAGES, escalationTexts, REPLY_TO_CLOSED_MESSAGE, type EscalationTexts } from './escalation-texts.js';
import { enqueueAdviserEvent, enqueueUserDelivery, userActor, writeAudit } from './escalation-records.js';

/** What the transitions need: the database and the clock (for ages in the returned summaries). */
export interface TransitionContext {
  db: Db;
  now: () => Date;
}

/** A refused action with the console's message for it. */
export function refusal<T>(error: EscalationError, message = ESCALATION_ERROR_MESSAGES[error]): EscalationResult<T> {
  return { ok: false, error, message };
}

const isClosed = (row: JoinedEscalationRow) => row.status === 'resolved' || row.status === 'cancelled';

/** Why an adviser's action on a claimed escalation did not apply. */
function claimerRefusal<T>(row: JoinedEscalationRow | undefined): EscalationResult<T> {
  if (!row) return refusal('not_found');
  return isClosed(row) ? refusal('closed') : refusal('not_yours');
}

type AdviserEventType = 'escalation.claimed' | 'escalation.released' | 'escalation.resolved' | 'escalation.cancelled';

/** What a guarded UPDATE returns: the id, and whatever else its RETURNING names. */
type UpdatedRow = { id: string } & Record<string, unknown>;

/** The records of one applied state change (what {@link recordTransition} writes). */
export interface TransitionRecords {
  /** The audit actor, or how to find it from the changed row. */
  actor: string | ((row: JoinedEscalationRow) => string);
  action: string;
  details?: Record<string, unknown>;
  event: AdviserEventType;
  /** The line stored in the conversation (and, with `deliver`, sent to the user). */
  message(texts: EscalationTexts, row: JoinedEscalationRow): string;
  deliver?: UserDelivery['kind'];
  /** Id for the stored line (the caller shows it as its reply). */
  messageId?: string;
  /** The user's own message that caused it, stored first in the same transaction. */
  userMessage?: NewMessage;
}

interface Transition extends Omit<TransitionRecords, 'details'> {
  /** The guarded UPDATE … RETURNING id; no row means refused. */
  sql: string;
  params: unknown[];
  /** Called with a fresh read when the UPDATE matched nothing. */
  refuse(row: JoinedEscalationRow | undefined): EscalationResult<EscalationSummary>;
  /** Audit details; a function gets the row the guarded UPDATE returned (e.g. the previous owner). */
  details?: Record<string, unknown> | ((updated: UpdatedRow) => Record<string, unknown>);
}

const SET = 'updated_at = now(), version = version + 1';

/**
 * Writes, in the caller's transaction, what every applied state change leaves behind: the line in the conversation,
 * the user's delivery (when `deliver`), the advisers' notification and the audit row. Returns the new summary.
 */
export async function recordTransition(tx: Queryable, id: string, now: Date, t: TransitionRecords): Promise<EscalationSummary> {
  const row = (await loadEscalation(tx, id))!;
  const text = t.message(escalationTexts(row.language), row);
  const key = `${row.id}:${t.action}:${row.version}`;
  if (t.userMessage) await appendMessage(tx, row.conversation_id, t.userMessage);
  await appendMessage(tx, row.conversation_id, { id: t.messageId, role: 'system', text, intent: 'handoff' });
  if (t.deliver) await enqueueUserDelivery(tx, `${key}:user`, row, { kind: t.deliver, text, authorName: row.adviser_name ?? undefined });
  const summary = toSummary(row, now);
  await enqueueAdviserEvent(tx, key, row.id, { type: t.event, escalation: summary });
  const actor = typeof t.actor === 'function' ? t.actor(row) : t.actor;
  await writeAudit(tx, { actor, action: t.action, escalationId: row.id, details: t.details });
  return summary;
}

async function apply(context: TransitionContext, lookup: (tx: Queryable) => Promise<JoinedEscalationRow | undefined>, t: Transition) {
  return context.db.transaction(async (tx): Promise<EscalationResult<EscalationSummary>> => {
    const updated = await tx.query<UpdatedRow>(t.sql, t.params);
    const changed = updated.rows[0];
    if (!changed) return t.refuse(await lookup(tx));
    const details = typeof t.details === 'function' ? t.details(changed) : t.details;
    const summary = await recordTransition(tx, changed.id, context.now(), { ...t, details });
    return { ok: true, value: summary };
  });
}

/**
 * SQL condition for an escalation (table or alias `escalation`) claimed by an adviser who has since been disabled:
 * it counts as queued, so its user can cancel and any adviser can take it over.
 */
export function ownerDisabled(escalation = 'escalations'): string {
  return `(${escalation}.status = 'claimed' AND ${escalation}.adviser_id IN (SELECT a.id FROM advisers a WHERE NOT a.enabled))`;
}

const byId = (id: string) => (tx: Queryable) => loadEscalation(tx, id);

/**
 * Claims a queued escalation, or takes over one whose owner has been disabled; exactly one of several concurrent
 * claims wins.
 */
export function claimEscalation(context: TransitionContext, id: string, adviser: AdviserIdentity) {
  return apply(context, byId(id), {
    // The CTE locks the row and keeps the previous owner (RETURNING only sees the new values) for the audit row.
    sql: `WITH previous AS (SELECT id, adviser_id FROM escalations WHERE id = $1 FOR UPDATE)
          UPDATE escalations e SET status = 'claimed', adviser_id = $2, adviser_name = $3, claimed_at = now(), ${SET}
          FROM previous p
          WHERE e.id = p.id AND (e.status = 'queued' OR ${ownerDisabled('e')})
          RETURNING e.id, p.adviser_id AS previous_adviser_id`,
    params: [id, adviser.id, adviser.name],
    refuse: (row) => {
      if (!row) return refusal('not_found');
      if (isClosed(row)) return refusal('closed');
      const who = row.adviser_id === adviser.id ? 'Du' : (row.adviser_name ?? 'En anden rådgiver');
      return refusal('already_claimed', `${who} har allerede taget sagen.`);
    },
    actor: () => adviser.id,
    action: 'claimed',
    details: (updated) => ({
      adviserName: adviser.name,
      ...(typeof updated.previous_adviser_id === 'string' ? { takenOverFrom: updated.previous_adviser_id } : {}),
    }),
    event: 'escalation.claimed',
    message: (texts) => texts.adviserJoined(adviser.name),
    deliver: 'adviser_joined',
  });
}

/** The claimer hands the escalation back to the queue (the overdue reminder may go out again). */
export function releaseEscalation(context: TransitionContext, id: string, adviser: AdviserIdentity) {
  return apply(context, byId(id), {
    sql: `UPDATE escalations SET status = 'queued', adviser_id = NULL, adviser_name = NULL, claimed_at = NULL,
            reminded_at = NULL, ${SET}
          WHERE id = $1 AND status = 'claimed' AND adviser_id = $2 RETURNING id`,
    params: [id, adviser.id],
    refuse: claimerRefusal,
    actor: () => adviser.id,
    action: 'released',
    event: 'escalation.released',
    message: (texts) => texts.released(),
    deliver: 'queued',
  });
}

/** Gives a queued escalation, or one the adviser holds, to an enabled colleague. */
export async function reassignEscalation(context: TransitionContext, id: string, adviser: AdviserIdentity, toAdviserId: string) {
  const target = await context.db.query<{ id: string; name: string }>('SELECT id, name FROM advisers WHERE id = $1 AND enabled', [toAdviserId]);
  const colleague = target.rows[0];
  if (!colleague) return refusal<EscalationSummary>('unknown_adviser');
  return apply(context, byId(id), {
    sql: `UPDATE escalations SET status = 'claimed', adviser_id = $3, adviser_name = $4, claimed_at = now(), ${SET}
          WHERE id = $1 AND (status = 'queued' OR (status = 'claimed' AND adviser_id = $2)) RETURNING id`,
    params: [id, adviser.id, colleague.id, colleague.name],
    refuse: claimerRefusal,
    actor: () => adviser.id,
    action: 'reassigned',
    details: { toAdviserId: colleague.id, toAdviserName: colleague.name },
    event: 'escalation.claimed',
    message: (texts) => texts.adviserJoined(colleague.name),
    deliver: 'adviser_joined',
  });
}

/** The claimer closes the escalation; the bot answers the user again. The note is stored with personal data masked. */
export function resolveEscalation(context: TransitionContext, id: string, adviser: AdviserIdentity, options: { note?: string; keep?: boolean }) {
  const typed = options.note?.trim();
  const note = typed ? maskPersonalData(typed, 'da').text : null;
  return apply(context, byId(id), {
    sql: `UPDATE escalations SET status = 'resolved', resolved_at = now(), resolution_note = $3, keep_answer = $4, ${SET}
          WHERE id = $1 AND status = 'claimed' AND adviser_id = $2 RETURNING id`,
    params: [id, adviser.id, note, options.keep === true],
    refuse: claimerRefusal,
    actor: () => adviser.id,
    action: 'resolved',
    details: { note, keep: options.keep === true },
    event: 'escalation.resolved',
    message: (texts) => texts.botBack(),
    deliver: 'bot_back',
  });
}

/**
 * The user withdraws their request while it is queued (or its adviser has been disabled). The caller shows the user the text stored as `messageId`;
 * `userMessage` (e.g. their "annuller") is stored in the same transaction.
 */
export function cancelEscalationByUser(context: TransitionContext, conversationKey: string, messageId?: string, userMessage?: NewMessage) {
  return apply(context, (tx) => loadOpenEscalation(tx, conversationKey), {
    sql: `UPDATE escalations SET status = 'cancelled', resolved_at = now(), ${SET}
          WHERE conversation_id = $1 AND (status = 'queued' OR ${ownerDisabled()}) RETURNING id`,
    params: [conversationKey],
    refuse: (row) => (row ? refusal('not_queued') : refusal('not_found')),
    actor: userActor,
    action: 'cancelled',
    event: 'escalation.cancelled',
    message: (texts) => texts.cancelled(),
    messageId,
    userMessage,
  });
}

/**
 * Stores the claimer's reply in the user's conversation and queues its delivery; refused on closed escalations.
 * Personal data in the reply is masked (placeholders in the user's language; the library's published contacts and
 * the advisers' addresses are kept) before it is stored, and the user is
 * sent exactly what was stored: the conversation holds no CPR number an adviser pasted, and the record shows what
 * the user saw. The adviser gets the stored text back.
 */
export async function replyToEscalation(context: TransitionContext, id: string, adviser: AdviserIdentity, text: string) {
  const typed = text.trim();
  if (typed === '') throw new RangeError('an adviser reply needs text');
  return context.db.transaction(async (tx): Promise<EscalationResult<{ messageId: string; text: string }>> => {
    const row = await loadEscalation(tx, id, true);
    if (!row) return refusal('not_found');
    if (isClosed(row)) return refusal('closed', REPLY_TO_CLOSED_MESSAGE);
    if (row.status !== 'claimed' || row.adviser_id !== adviser.id) return refusal('not_yours');
    const masked = await maskAdviserText(tx, typed, row.language === 'en' ? 'en' : 'da');
    const body = masked.text;
    const messageId = await appendMessage(tx, row.conversation_id, { role: 'adviser', text: body, authorId: adviser.id, authorName: adviser.name });
    await tx.query('UPDATE escalations SET updated_at = now() WHERE id = $1', [id]);
    await enqueueUserDelivery(tx, `${id}:reply:${messageId}`, row, { kind: 'adviser_message', text: body, authorName: adviser.name });
    const details = { messageId, chars: body.length, ...(masked.masked ? { masked: masked.kinds } : {}) };
    await writeAudit(tx, { actor: adviser.id, action: 'replied', escalationId: id, details });
    return { ok: true, value: { messageId, text: body } };
  });
}
