-- The Slack channel's own state. Escalation cards: where each escalation's card sits in the advisers' Slack channel,
-- so later events edit that card (chat.update) and advisers' replies in its thread find the escalation.
-- Assistant threads: the context (which channel the user is looking at) of each Assistant-panel thread, and whether
-- the thread has its title yet; Bolt's default store keeps one context per process for all threads.
CREATE TABLE IF NOT EXISTS slack_escalation_cards (
  escalation_id text PRIMARY KEY REFERENCES escalations (id) ON DELETE CASCADE,
  channel       text NOT NULL,
  ts            text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX IF NOT EXISTS slack_escalation_cards_message_idx ON slack_escalation_cards (channel, ts);

CREATE TABLE IF NOT EXISTS slack_assistant_threads (
  channel_id text NOT NULL,
  thread_ts  text NOT NULL,
  context    jsonb NOT NULL DEFAULT '{}',
  title      text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel_id, thread_ts)
);

-- Channel threads the bot answers in, and who asked: that person's later replies in the thread continue the
-- conversation without mentioning the bot again (and reach the adviser while one has taken over).
CREATE TABLE IF NOT EXISTS slack_threads (
  channel    text NOT NULL,
  thread_ts  text NOT NULL,
  user_id    text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel, thread_ts)
);
