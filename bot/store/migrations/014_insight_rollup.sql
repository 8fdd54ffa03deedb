-- The console's insight page: a daily rollup of the counts it draws, so a period of 100,000 messages adds up a few
-- thousand rows instead of scanning every message and every citation (see `npm run bench -- insight`).
-- Days are calendar days in the office time zone, which is a setting: rows are kept per time zone, and a changed
-- OFFICE_TIMEZONE builds its own. bot/insight/insight-rollup.ts fills it: a day before yesterday is built once and
-- recorded in insight_rollup_days; today and yesterday are rebuilt by a report when anything was written since.
CREATE TABLE IF NOT EXISTS insight_daily (
  timezone text NOT NULL,
  day      date NOT NULL,
  channel  text NOT NULL,
  audience text NOT NULL,
  -- question (key ''), reply (key: intent), low_confidence (key ''), vote (key: up | down), citation (key: document id)
  metric   text NOT NULL,
  key      text NOT NULL DEFAULT '',
  -- citation: the title the answer showed (for documents that have since left the library)
  label    text,
  value    integer NOT NULL,
  PRIMARY KEY (timezone, metric, day, channel, audience, key)
);

-- Days built: `final` for good; the others (today, yesterday) again when anything was written after built_at.
CREATE TABLE IF NOT EXISTS insight_rollup_days (
  timezone text NOT NULL,
  day      date NOT NULL,
  final    boolean NOT NULL,
  built_at timestamptz NOT NULL,
  PRIMARY KEY (timezone, day)
);

-- Building a day reads its messages and votes by time; the change check reads messages, votes and gaps since a
-- time; the escalation figures read escalations by opening time.
CREATE INDEX IF NOT EXISTS messages_created_idx ON messages (created_at);
CREATE INDEX IF NOT EXISTS feedback_created_idx ON feedback (created_at);
CREATE INDEX IF NOT EXISTS feedback_updated_idx ON feedback (updated_at);
CREATE INDEX IF NOT EXISTS escalations_created_idx ON escalations (created_at);
