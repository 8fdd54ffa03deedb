/**
 * The SQL of the content retention (bot/store/content-retention.ts). Every statement takes the cut-off as $1: content
 * whose last activity is before it goes. See the module comment of content-retention.ts for what is kept and why.
 */

/**
 * Whole conversations with no activity since the cut-off, unless still needed: an open escalation, or a delivery not
 * yet sent. Their messages, feedback, escalations, cards and escalation outbox rows go with them by cascade. Written
 * as NOT EXISTS at the top level, so the planner makes each an anti-join rather than a probe per conversation.
 */
export const DELETE_EXPIRED_CONVERSATIONS = `DELETE FROM conversations c
  WHERE c.updated_at < $1::timestamptz
    AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.created_at >= $1::timestamptz)
    AND NOT EXISTS (SELECT 1 FROM escalations e WHERE e.conversation_id = c.id
                    AND (e.status IN ('queued', 'claimed') OR e.updated_at >= $1::timestamptz))
    AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.conversation_id = c.id AND o.delivered_at IS NULL AND o.failed_at IS NULL)`;

/** Old messages of conversations that are kept (a DM used for years), unless an adviser is on the conversation. */
export const DELETE_EXPIRED_MESSAGES = `DELETE FROM messages m
  WHERE m.created_at < $1::timestamptz
    AND NOT EXISTS (SELECT 1 FROM escalations e WHERE e.conversation_id = m.conversation_id AND e.status IN ('queued', 'claimed'))`;

/** Questions recorded as knowledge gaps are the user's words. */
export const DELETE_EXPIRED_GAPS = `DELETE FROM knowledge_gaps WHERE created_at < $1::timestamptz`;

/** Settled deliveries carry the text they delivered; pending ones are still needed and stay. */
export const DELETE_SETTLED_OUTBOX = `DELETE FROM outbox
  WHERE coalesce(delivered_at, failed_at) < $1::timestamptz
     OR (conversation_id IS NOT NULL AND (delivered_at IS NOT NULL OR failed_at IS NOT NULL)
         AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.id = outbox.conversation_id))`;

/** Who asked in a Slack thread, and the Assistant panel's thread context, once the thread's conversation is gone. */
export const DELETE_EXPIRED_SLACK_THREADS = `DELETE FROM slack_threads t
  WHERE t.created_at < $1::timestamptz
    AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.channel = 'slack' AND c.external_id = t.channel AND c.thread_id = t.thread_ts)`;
export const DELETE_EXPIRED_ASSISTANT_THREADS = `DELETE FROM slack_assistant_threads t
  WHERE t.updated_at < $1::timestamptz
    AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.channel = 'slack' AND c.external_id = t.channel_id AND c.thread_id = t.thread_ts)`;

/** A feedback's vote stays (the insight figures count it); its free text goes. */
export const CLEAR_EXPIRED_FEEDBACK_TEXT = `UPDATE feedback SET comment = NULL WHERE comment IS NOT NULL AND updated_at < $1::timestamptz`;

/**
 * A settled escalation of a kept conversation keeps who, when and how fast (the insight figures), not what was
 * asked, answered or noted. updated_at is left alone, so the console's change feed does not announce it.
 */
export const CLEAR_EXPIRED_ESCALATIONS = `UPDATE escalations
  SET question = '', summary = '', last_answer = NULL, resolution_note = NULL
  WHERE status IN ('resolved', 'cancelled') AND coalesce(resolved_at, updated_at) < $1::timestamptz
    AND (question <> '' OR summary <> '' OR last_answer IS NOT NULL OR resolution_note IS NOT NULL)`;

/** Audit entries keep actor, action, escalation and time; the resolution note in their details is content. */
export const CLEAR_EXPIRED_AUDIT_CONTENT = `UPDATE audit_log SET details = details - 'note'
  WHERE at < $1::timestamptz AND details ? 'note'`;

/** The tables whose rows the purge deletes (directly or by cascade), counted before and after. */
export const PURGED_TABLES = [
  'conversations',
  'messages',
  'feedback',
  'escalations',
  'slack_escalation_cards',
  'outbox',
  'knowledge_gaps',
  'slack_threads',
  'slack_assistant_threads',
] as const;
