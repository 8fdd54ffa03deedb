/**
 * SQL that fills the insight rollup (migration 014, `insight_daily`) from the engine's tables for a run of days.
 * Parameters: $1 first instant (timestamptz, inclusive), $2 last instant (exclusive), $3 the office time zone (a row's
 * day is its calendar day there). Runs after DELETE_DAYS_SQL in one transaction; ON CONFLICT makes a concurrent
 * rebuild of the same days harmless (both write the same counts).
 */
import { ANSWER_INTENTS } from './insight-queries.js';

const UPSERT = 'ON CONFLICT (timezone, metric, day, channel, audience, key) DO UPDATE SET value = EXCLUDED.value, label = EXCLUDED.label';
const day = (column: string) => `(${column} AT TIME ZONE $3::text)::date`;
const IN_RANGE = (column: string) => `${column} >= $1::timestamptz AND ${column} < $2::timestamptz`;

/** Removes the rollup rows of days $1..$2 (dates, inclusive) in time zone $3. */
export const DELETE_DAYS_SQL = 'DELETE FROM insight_daily WHERE timezone = $3::text AND day >= $1::date AND day <= $2::date';

/** Questions (user messages) and bot replies by intent. */
export const BUILD_MESSAGES_SQL = `
  INSERT INTO insight_daily (timezone, day, channel, audience, metric, key, value)
  SELECT $3::text, ${day('m.created_at')}, c.channel, c.audience,
    CASE m.role WHEN 'user' THEN 'question' ELSE 'reply' END,
    CASE m.role WHEN 'user' THEN '' ELSE coalesce(m.intent, 'unknown') END, count(*)::int
  FROM messages m JOIN conversations c ON c.id = m.conversation_id
  WHERE m.role IN ('user', 'bot') AND ${IN_RANGE('m.created_at')}
  GROUP BY 2, 3, 4, 5, 6
  ${UPSERT}`;

/**
 * Answers the engine marked as low confidence: it records those as a knowledge gap of reason 'low_confidence'
 * (knowledge_gaps is unique on message and reason, so each is one index probe).
 */
export const BUILD_LOW_CONFIDENCE_SQL = `
  INSERT INTO insight_daily (timezone, day, channel, audience, metric, key, value)
  SELECT $3::text, ${day('m.created_at')}, c.channel, c.audience, 'low_confidence', '', count(*)::int
  FROM messages m JOIN conversations c ON c.id = m.conversation_id
  WHERE m.role = 'bot' AND m.intent IN (${ANSWER_INTENTS.map((intent) => `'${intent}'`).join(', ')}) AND ${IN_RANGE('m.created_at')}
    AND EXISTS (SELECT 1 FROM knowledge_gaps g WHERE g.message_id = m.id AND g.reason = 'low_confidence')
  GROUP BY 2, 3, 4
  ${UPSERT}`;

/** 👍 and 👎 by the day they were given (a changed vote counts as its latest value). */
export const BUILD_VOTES_SQL = `
  INSERT INTO insight_daily (timezone, day, channel, audience, metric, key, value)
  SELECT $3::text, ${day('f.created_at')}, c.channel, c.audience, 'vote', f.value, count(*)::int
  FROM feedback f JOIN messages m ON m.id = f.message_id JOIN conversations c ON c.id = m.conversation_id
  WHERE ${IN_RANGE('f.created_at')}
  GROUP BY 2, 3, 4, 6
  ${UPSERT}`;

/** Per cited document, the answers citing it (an answer citing two passages of one document counts once). */
export const BUILD_CITATIONS_SQL = `
  INSERT INTO insight_daily (timezone, day, channel, audience, metric, key, label, value)
  SELECT $3::text, cited.day, cited.channel, cited.audience, 'citation', cited.document_id, min(cited.title), count(DISTINCT cited.message_id)::int
  FROM (
    SELECT m.id AS message_id, ${day('m.created_at')} AS day, c.channel, c.audience,
      element.value->>'documentId' AS document_id, element.value->>'title' AS title
    FROM messages m JOIN conversations c ON c.id = m.conversation_id
      CROSS JOIN LATERAL jsonb_array_elements(m.citations) AS element(value)
    WHERE m.role = 'bot' AND m.citations <> '[]'::jsonb AND ${IN_RANGE('m.created_at')}
  ) AS cited
  WHERE cited.document_id IS NOT NULL
  GROUP BY 2, 3, 4, 6
  ${UPSERT}`;

/** Every build statement, in order. */
export const BUILD_SQL = [BUILD_MESSAGES_SQL, BUILD_LOW_CONFIDENCE_SQL, BUILD_VOTES_SQL, BUILD_CITATIONS_SQL];

/** The days $1..$2 (dates) in time zone $3 built so far: day, final, built_at. */
export const BUILT_DAYS_SQL = `
  SELECT to_char(day, 'YYYY-MM-DD') AS day, final, built_at FROM insight_rollup_days
  WHERE timezone = $3::text AND day >= $1::date AND day <= $2::date`;

/**
 * Records the days $2 (date[]) in time zone $1 as built, for good when $3. built_at is the database's clock (the one
 * that stamps messages, votes and gaps) at the start of the building transaction, before it read anything.
 */
export const MARK_BUILT_SQL = `
  INSERT INTO insight_rollup_days (timezone, day, final, built_at)
  SELECT $1::text, unnest($2::date[]), $3::boolean, now()
  ON CONFLICT (timezone, day) DO UPDATE SET final = EXCLUDED.final, built_at = EXCLUDED.built_at`;

/** Whether a message, vote or knowledge gap was written at or after $1 (each an index probe). */
export const CHANGED_SINCE_SQL = `
  SELECT EXISTS (SELECT 1 FROM messages WHERE created_at >= $1::timestamptz)
    OR EXISTS (SELECT 1 FROM feedback WHERE updated_at >= $1::timestamptz)
    OR EXISTS (SELECT 1 FROM knowledge_gaps WHERE created_at >= $1::timestamptz) AS changed`;
