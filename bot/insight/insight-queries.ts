/**
 * The insight page's SQL, one named query per figure; the same SQL runs on PGlite and Postgres.
 *
 * The counts come from the daily rollup (migration 014, filled by insight-rollup.ts) and take:
 *   $1 first day, $2 last day (dates, inclusive)   $3 channel or NULL (all)   $4 audience or NULL (all)
 *   $5 the office time zone the rollup's days are cut in
 * The knowledge gaps (whose questions the topics are made of) and the escalations (whose state changes after the
 * day they opened) are read from their own tables and take:
 *   $1 first instant (inclusive), $2 last instant (exclusive)   $3 channel or NULL   $4 audience or NULL
 */

/** Rollup rows of the period and filters, for a query on `insight_daily r`. */
const ROLLUP_SCOPE = `r.timezone = $5::text AND r.day >= $1::date AND r.day <= $2::date
  AND ($3::text IS NULL OR r.channel = $3::text) AND ($4::text IS NULL OR r.audience = $4::text)`;

/** Conversation filter, for a query that has joined `conversations c`. */
const CONVERSATION_FILTER = '($3::text IS NULL OR c.channel = $3::text) AND ($4::text IS NULL OR c.audience = $4::text)';

/** The Monday of a rollup day's week, as 'YYYY-MM-DD'. */
const WEEK = `to_char(date_trunc('week', r.day::timestamp), 'YYYY-MM-DD')`;

/** Bot replies that answer a question (the rest greet, decline, thank or hand over). */
export const ANSWER_INTENTS = ['case_lookup', 'method'];

/** Rows: week, channel, questions. A question is a message the user wrote. */
export const QUESTIONS_BY_CHANNEL_SQL = `
  SELECT ${WEEK} AS week, r.channel, sum(r.value)::int AS questions
  FROM insight_daily r WHERE r.metric = 'question' AND ${ROLLUP_SCOPE}
  GROUP BY 1, 2 ORDER BY 1, 2`;

/** Rows: week, intent, replies. */
export const REPLIES_BY_INTENT_SQL = `
  SELECT ${WEEK} AS week, r.key AS intent, sum(r.value)::int AS replies
  FROM insight_daily r WHERE r.metric = 'reply' AND ${ROLLUP_SCOPE}
  GROUP BY 1, 2 ORDER BY 1, 2`;

/**
 * Rows: week, answers, low_confidence, up, down. Answers are replies of the answering intents ($6); low confidence
 * as the engine marked it; votes by the week they were given.
 */
export const QUALITY_BY_WEEK_SQL = `
  SELECT ${WEEK} AS week,
    coalesce(sum(r.value) FILTER (WHERE r.metric = 'reply' AND r.key = ANY($6::text[])), 0)::int AS answers,
    coalesce(sum(r.value) FILTER (WHERE r.metric = 'low_confidence'), 0)::int AS low_confidence,
    coalesce(sum(r.value) FILTER (WHERE r.metric = 'vote' AND r.key = 'up'), 0)::int AS up,
    coalesce(sum(r.value) FILTER (WHERE r.metric = 'vote' AND r.key = 'down'), 0)::int AS down
  FROM insight_daily r WHERE r.metric IN ('reply', 'low_confidence', 'vote') AND ${ROLLUP_SCOPE}
  GROUP BY 1 ORDER BY 1`;

/** Rows: document_id, title, type, answers; the `$6` documents cited by the most answers. */
export const MOST_CITED_SQL = `
  SELECT r.key AS document_id, coalesce(d.title, min(r.label), r.key) AS title, d.type, sum(r.value)::int AS answers
  FROM insight_daily r LEFT JOIN documents d ON d.id = r.key
  WHERE r.metric = 'citation' AND ${ROLLUP_SCOPE}
  GROUP BY r.key, d.title, d.type
  ORDER BY answers DESC, r.key LIMIT $6::int`;

/**
 * Rows: document_id, title, type, total: library documents no answer in the period cited, by title, at most `$6`;
 * `total` counts them all. With the audience filter 'public', internal documents are left out (public users never
 * see them, so they cannot be cited there).
 */
export const NEVER_CITED_SQL = `
  SELECT d.id AS document_id, d.title, d.type, count(*) OVER ()::int AS total
  FROM documents d
  WHERE ($4::text IS NULL OR $4::text = 'internal' OR d.audience = 'public')
    AND NOT EXISTS (SELECT 1 FROM insight_daily r WHERE r.metric = 'citation' AND r.key = d.id AND ${ROLLUP_SCOPE})
  ORDER BY d.title, d.id LIMIT $6::int`;

/**
 * Rows: question, reason, newest first, as `listGaps` reads them for `npm run report -- gaps` (the grouping breaks
 * ties by recency). A gap whose conversation is gone counts only without filters. $5: the most rows to read.
 */
export const GAPS_SQL = `
  SELECT g.question, g.reason
  FROM knowledge_gaps g LEFT JOIN conversations c ON c.id = g.conversation_id
  WHERE g.created_at >= $1::timestamptz AND g.created_at < $2::timestamptz
    AND (($3::text IS NULL AND $4::text IS NULL) OR (c.id IS NOT NULL AND ${CONVERSATION_FILTER}))
  ORDER BY g.created_at DESC, g.id DESC LIMIT $5::int`;

/**
 * Rows per channel of the escalations opened in the period. "On time" compares the claim with `due_at`, which the
 * escalation got when it opened: the target in working hours, counted in office hours (bot/escalation/office-hours.ts).
 * Cancelling also sets resolved_at, so resolve times count resolved escalations only. $5: now.
 */
export const ESCALATIONS_BY_CHANNEL_SQL = `
  SELECT e.channel, count(*)::int AS opened,
    count(*) FILTER (WHERE e.claimed_at IS NOT NULL)::int AS claimed,
    count(*) FILTER (WHERE e.claimed_at IS NOT NULL AND e.claimed_at <= e.due_at)::int AS claimed_on_time,
    count(*) FILTER (WHERE e.status = 'queued' AND e.due_at < $5::timestamptz)::int AS waiting_overdue,
    count(*) FILTER (WHERE e.status = 'queued' AND e.due_at >= $5::timestamptz)::int AS waiting,
    count(*) FILTER (WHERE e.status = 'resolved')::int AS resolved,
    count(*) FILTER (WHERE e.status = 'cancelled')::int AS cancelled,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM e.claimed_at - e.created_at)::float8) AS median_claim_seconds,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY CASE WHEN e.status = 'resolved'
      THEN extract(epoch FROM e.resolved_at - e.created_at)::float8 END) AS median_resolve_seconds
  FROM escalations e JOIN conversations c ON c.id = e.conversation_id
  WHERE e.created_at >= $1::timestamptz AND e.created_at < $2::timestamptz AND ${CONVERSATION_FILTER}
  GROUP BY e.channel ORDER BY opened DESC, e.channel`;
