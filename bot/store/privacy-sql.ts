/**
 * The SQL of a person's export and erasure (bot/store/privacy-store.ts). Who the person is goes in first, as
 * temporary tables (dropped at commit), so every later statement is parameterless: `privacy_user_ids` (their user
 * ids: Slack user id, Teams AAD object id, web cookie id), `privacy_adviser` (their adviser id, when they are one) and
 * `privacy_idents` (every identifier whose mention in a row makes the row theirs: the user ids, the adviser's id and
 * e-mail).
 *
 * The scope is then computed once into more temporary tables:
 * - `privacy_own`: conversations that are the person's: they own it (web), or every user message in it is theirs,
 *   or it has no user message and they are its user;
 * - `privacy_shared`: other conversations they wrote in (a Slack thread several people write in);
 * - `privacy_messages`: every message of `privacy_own`, and in `privacy_shared` their messages and the replies that
 *   answer them (bot, system and adviser messages after one of theirs, up to the next user message);
 * - `privacy_escalations`: the escalations of `privacy_own`.
 */
import { PURGED_TABLES } from './retention-sql.js';

/** A row's text (any column, cast) mentions one of the person's identifiers. */
export const mentions = (expression: string) => `EXISTS (SELECT 1 FROM privacy_idents p WHERE strpos(${expression}, p.ident) > 0)`;

/** An audit actor `user:<channel>:<id>` (who shared a case) is one of the person's ids. */
const sharedBy = (actor: string) =>
  `(${actor} LIKE 'user:%:%' AND EXISTS (SELECT 1 FROM privacy_user_ids u WHERE right(${actor}, length(u.id) + 1) = ':' || u.id))`;

/** Who the person is, one statement each: $1 their user ids (text[]); their adviser id (text or NULL); their identifiers (text[]). */
export const CREATE_PERSON = [
  `CREATE TEMP TABLE privacy_user_ids ON COMMIT DROP AS SELECT DISTINCT unnest($1::text[]) AS id`,
  `CREATE TEMP TABLE privacy_adviser ON COMMIT DROP AS SELECT id FROM advisers WHERE id = $1::text`,
  `CREATE TEMP TABLE privacy_idents ON COMMIT DROP AS SELECT DISTINCT unnest($1::text[]) AS ident`,
];

/** Runs next: the scope tables. */
export const CREATE_SCOPE = [
  `CREATE TEMP TABLE privacy_own ON COMMIT DROP AS
   SELECT c.id FROM conversations c
   WHERE (c.owner_id IN (SELECT id FROM privacy_user_ids)
      OR (EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.role = 'user' AND m.author_id IN (SELECT id FROM privacy_user_ids))
          AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.role = 'user'
                          AND (m.author_id IS NULL OR m.author_id NOT IN (SELECT id FROM privacy_user_ids))))
      OR (c.user_id IN (SELECT id FROM privacy_user_ids) AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.role = 'user')))`,
  `CREATE TEMP TABLE privacy_shared ON COMMIT DROP AS
   SELECT c.id FROM conversations c
   WHERE c.id NOT IN (SELECT id FROM privacy_own)
     AND (c.user_id IN (SELECT id FROM privacy_user_ids) OR c.owner_id IN (SELECT id FROM privacy_user_ids)
          OR EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.author_id IN (SELECT id FROM privacy_user_ids) AND m.role = 'user'))`,
  `CREATE TEMP TABLE privacy_messages ON COMMIT DROP AS
   SELECT m.id FROM messages m WHERE m.conversation_id IN (SELECT id FROM privacy_own)
   UNION
   SELECT m.id FROM messages m
   WHERE m.conversation_id IN (SELECT id FROM privacy_shared)
     AND ((m.role = 'user' AND m.author_id IN (SELECT id FROM privacy_user_ids))
          OR (m.role <> 'user' AND (SELECT u.author_id FROM messages u
                                    WHERE u.conversation_id = m.conversation_id AND u.role = 'user' AND u.created_at <= m.created_at
                                    ORDER BY u.created_at DESC LIMIT 1) IN (SELECT id FROM privacy_user_ids)))`,
  `CREATE TEMP TABLE privacy_escalations ON COMMIT DROP AS
   SELECT e.id FROM escalations e WHERE e.conversation_id IN (SELECT id FROM privacy_own)`,
];

/** Per table: the rows that are the person's, as JSON (what the export writes and the erasure removes or changes). */
export const EXPORT_QUERIES: Record<string, string> = {
  conversations: `SELECT to_jsonb(c) AS row FROM conversations c
    WHERE c.id IN (SELECT id FROM privacy_own)
       OR (c.id IN (SELECT id FROM privacy_shared) AND ${mentions('to_jsonb(c)::text')})
    ORDER BY c.created_at, c.id`,
  messages: `SELECT to_jsonb(m) AS row FROM messages m
    WHERE m.id IN (SELECT id FROM privacy_messages) OR m.author_id IN (SELECT id FROM privacy_user_ids) OR m.author_id IN (SELECT id FROM privacy_adviser)
    ORDER BY m.created_at, m.id`,
  feedback: `SELECT to_jsonb(f) AS row FROM feedback f
    WHERE f.message_id IN (SELECT id FROM privacy_messages) OR f.user_id IN (SELECT id FROM privacy_user_ids)
    ORDER BY f.created_at`,
  escalations: `SELECT to_jsonb(e) AS row FROM escalations e WHERE e.id IN (SELECT id FROM privacy_escalations)
    UNION ALL
    -- Escalations an adviser handled: who and when, not the other person's question.
    SELECT jsonb_build_object('id', e.id, 'status', e.status, 'channel', e.channel, 'adviser_id', e.adviser_id,
             'adviser_name', e.adviser_name, 'claimed_at', e.claimed_at, 'resolved_at', e.resolved_at, 'created_at', e.created_at)
    FROM escalations e WHERE e.adviser_id IN (SELECT id FROM privacy_adviser) AND e.id NOT IN (SELECT id FROM privacy_escalations)`,
  slack_escalation_cards: `SELECT to_jsonb(s) AS row FROM slack_escalation_cards s WHERE s.escalation_id IN (SELECT id FROM privacy_escalations)`,
  knowledge_gaps: `SELECT to_jsonb(g) AS row FROM knowledge_gaps g
    WHERE g.conversation_id IN (SELECT id FROM privacy_own) OR g.message_id IN (SELECT id FROM privacy_messages)
    ORDER BY g.created_at, g.id`,
  outbox: `SELECT to_jsonb(o) AS row FROM outbox o
    WHERE o.conversation_id IN (SELECT id FROM privacy_own) OR o.escalation_id IN (SELECT id FROM privacy_escalations)
       OR ${mentions('o.payload::text')}
    ORDER BY o.id`,
  audit_log: `SELECT to_jsonb(a) AS row FROM audit_log a
    WHERE a.escalation_id IN (SELECT id FROM privacy_escalations) OR a.actor IN (SELECT 'user:' || id FROM privacy_user_ids)
       OR ${sharedBy('a.actor')} OR a.actor IN (SELECT id FROM privacy_adviser) OR ${mentions('a.details::text')}
    ORDER BY a.id`,
  rate_limits: `SELECT to_jsonb(r) AS row FROM rate_limits r WHERE ${mentions('r.user_key')}`,
  slack_threads: `SELECT to_jsonb(t) AS row FROM slack_threads t WHERE t.user_id IN (SELECT id FROM privacy_user_ids)`,
  slack_assistant_threads: `SELECT to_jsonb(t) AS row FROM slack_assistant_threads t
    WHERE EXISTS (SELECT 1 FROM conversations c WHERE c.id IN (SELECT id FROM privacy_own) AND c.channel = 'slack'
                  AND c.external_id = t.channel_id AND c.thread_id = t.thread_ts)
       OR ${mentions('t.context::text')}`,
  // De-duplication claims of their Teams chats and Slack DMs (kept two days) name the chat.
  processed_events: `SELECT to_jsonb(p) AS row FROM processed_events p
    WHERE EXISTS (SELECT 1 FROM conversations c WHERE c.id IN (SELECT id FROM privacy_own) AND c.channel = p.source
                  AND (c.channel = 'teams' OR c.external_id LIKE 'D%') AND strpos(p.event_id, c.external_id) > 0)`,
  // Cases they shared (the attachment's bytes are left out; its name, type and size are in the row).
  case_submissions: `SELECT to_jsonb(s) - 'attachment' AS row FROM case_submissions s
    WHERE s.submitter_id IN (SELECT id FROM privacy_user_ids) OR s.conversation_key IN (SELECT id FROM privacy_own)
    ORDER BY s.created_at, s.id`,
  advisers: `SELECT to_jsonb(a) - 'token_hash' AS row FROM advisers a WHERE a.id IN (SELECT id FROM privacy_adviser)`,
  adviser_sessions: `SELECT jsonb_build_object('adviser_id', s.adviser_id, 'created_at', s.created_at, 'expires_at', s.expires_at) AS row
    FROM adviser_sessions s WHERE s.adviser_id IN (SELECT id FROM privacy_adviser)`,
};

/** The erasure, in order. Audit entries first, while the escalations still exist. */
export const ERASE_STATEMENTS: string[] = [
  // Audit entries keep who (pseudonymised), what and when; their details (a note, a draft's file name) go.
  `UPDATE audit_log a SET details = '{}'::jsonb
    WHERE (a.escalation_id IN (SELECT id FROM privacy_escalations) OR ${mentions('a.details::text')}) AND a.details <> '{}'::jsonb`,
  `UPDATE audit_log SET actor = 'user:slettet' WHERE actor IN (SELECT 'user:' || id FROM privacy_user_ids)`,
  `UPDATE audit_log SET actor = 'adviser:slettet' WHERE actor IN (SELECT id FROM privacy_adviser)`,
  `DELETE FROM knowledge_gaps g
    WHERE g.conversation_id IN (SELECT id FROM privacy_own) OR g.message_id IN (SELECT id FROM privacy_messages)`,
  `DELETE FROM outbox o
    WHERE o.conversation_id IN (SELECT id FROM privacy_own) OR o.escalation_id IN (SELECT id FROM privacy_escalations)
       OR ${mentions('o.payload::text')}`,
  `DELETE FROM feedback WHERE user_id IN (SELECT id FROM privacy_user_ids)`,
  `DELETE FROM messages WHERE id IN (SELECT id FROM privacy_messages)`,
  // A conversation others wrote in too stays, without them: its last other asker, no name, no Teams reference to them.
  `UPDATE conversations c SET
     user_id = (SELECT m.author_id FROM messages m WHERE m.conversation_id = c.id AND m.role = 'user' ORDER BY m.created_at DESC LIMIT 1),
     user_name = NULL
    WHERE c.id IN (SELECT id FROM privacy_shared) AND c.user_id IN (SELECT id FROM privacy_user_ids)`,
  `UPDATE conversations c SET owner_id = NULL WHERE c.id IN (SELECT id FROM privacy_shared) AND c.owner_id IN (SELECT id FROM privacy_user_ids)`,
  `UPDATE conversations c SET delivery_ref = CASE WHEN ${mentions("(c.delivery_ref - 'user')::text")} THEN NULL ELSE c.delivery_ref - 'user' END
    WHERE c.id IN (SELECT id FROM privacy_shared) AND ${mentions('c.delivery_ref::text')}`,
  // Its escalation's question and summary were built from their messages too.
  `UPDATE escalations SET question = '', summary = '', last_answer = NULL
    WHERE conversation_id IN (SELECT id FROM privacy_shared)`,
  `DELETE FROM slack_assistant_threads t
    WHERE EXISTS (SELECT 1 FROM conversations c WHERE c.id IN (SELECT id FROM privacy_own) AND c.channel = 'slack'
                  AND c.external_id = t.channel_id AND c.thread_id = t.thread_ts)
       OR ${mentions('t.context::text')}`,
  `DELETE FROM processed_events p
    WHERE EXISTS (SELECT 1 FROM conversations c WHERE c.id IN (SELECT id FROM privacy_own) AND c.channel = p.source
                  AND (c.channel = 'teams' OR c.external_id LIKE 'D%') AND strpos(p.event_id, c.external_id) > 0)`,
  // A case they shared and no adviser has published goes; a published one is the library's (the file stays), so only
  // who sent it and how to reach them go, with the attachment.
  `DELETE FROM case_submissions s
    WHERE (s.submitter_id IN (SELECT id FROM privacy_user_ids) OR s.conversation_key IN (SELECT id FROM privacy_own))
      AND s.status NOT IN ('published', 'unpublished')`,
  `UPDATE case_submissions s SET submitter_id = NULL, submitter_name = NULL, conversation_key = NULL, delivery_ref = NULL,
     attachment = NULL, attachment_name = NULL, attachment_type = NULL, attachment_size = NULL
    WHERE s.submitter_id IN (SELECT id FROM privacy_user_ids) OR s.conversation_key IN (SELECT id FROM privacy_own)`,
  `UPDATE audit_log SET actor = 'user:slettet' WHERE ${sharedBy('actor')}`,
  // Messages, feedback on them, escalations, their Slack cards and outbox rows go by cascade.
  `DELETE FROM conversations WHERE id IN (SELECT id FROM privacy_own)`,
  `DELETE FROM slack_threads WHERE user_id IN (SELECT id FROM privacy_user_ids)`,
  `DELETE FROM rate_limits r WHERE ${mentions('r.user_key')}`,
  // An adviser: their replies stay in the users' conversations, without their name, e-mail or id.
  `UPDATE messages m SET author_id = NULL, author_name = NULL
    WHERE m.author_id IN (SELECT id FROM privacy_adviser) OR m.author_name IN (SELECT a.name FROM advisers a JOIN privacy_adviser p ON p.id = a.id)`,
  `UPDATE escalations SET adviser_id = NULL, adviser_name = NULL
    WHERE adviser_id IN (SELECT id FROM privacy_adviser) OR adviser_name IN (SELECT a.name FROM advisers a JOIN privacy_adviser p ON p.id = a.id)`,
  `DELETE FROM advisers WHERE id IN (SELECT id FROM privacy_adviser)`,
];

/** The adviser's name, in texts written about them ("Anna Rådgiver har overtaget samtalen"): $1 name, $2 replacement. */
export const REPLACE_ADVISER_NAME = [
  `UPDATE messages SET text = replace(text, $1, $2) WHERE strpos(text, $1) > 0`,
  `UPDATE escalations SET resolution_note = replace(resolution_note, $1, $2) WHERE strpos(resolution_note, $1) > 0`,
];

/** The tables an erasure deletes from (directly or by cascade), counted before and after. */
export const ERASED_TABLES = [
  ...PURGED_TABLES,
  'rate_limits',
  'processed_events',
  'advisers',
  'adviser_sessions',
  'case_submissions',
] as const;
