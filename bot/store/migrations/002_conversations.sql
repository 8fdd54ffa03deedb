-- Conversations, their messages (user, bot, adviser, system), feedback on bot replies, knowledge gaps for the
-- centre's research agenda, per-user rate limiting and platform event de-duplication. All state lives here, so bot
-- instances stay stateless and can run side by side.

CREATE TABLE IF NOT EXISTS conversations (
  id          text PRIMARY KEY,
  channel     text NOT NULL,
  external_id text NOT NULL,
  thread_id   text NOT NULL DEFAULT '',
  user_id     text,
  user_name   text,
  audience    text NOT NULL DEFAULT 'public',
  language    text NOT NULL DEFAULT 'da',
  -- Where replies go back to: the channel adapter's own reference (Slack channel/thread, Teams conversation reference).
  delivery_ref jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (channel, external_id, thread_id)
);

CREATE TABLE IF NOT EXISTS messages (
  id              text PRIMARY KEY,
  conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  role            text NOT NULL CHECK (role IN ('user', 'bot', 'adviser', 'system')),
  -- Personal data is masked before a message is stored.
  text            text NOT NULL,
  author_id       text,
  author_name     text,
  intent          text,
  mode            text,
  confidence      real,
  citations       jsonb NOT NULL DEFAULT '[]',
  cases           jsonb NOT NULL DEFAULT '[]',
  -- The bot's memory of this turn (resolved question, filters, …) for follow-ups.
  turn            jsonb,
  platform_message_id text,
  created_at      timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX IF NOT EXISTS messages_conversation_idx ON messages (conversation_id, created_at);

CREATE TABLE IF NOT EXISTS feedback (
  message_id text NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  user_id    text NOT NULL,
  channel    text NOT NULL,
  value      text NOT NULL CHECK (value IN ('up', 'down')),
  comment    text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (message_id, user_id)
);

CREATE TABLE IF NOT EXISTS knowledge_gaps (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  conversation_id text REFERENCES conversations (id) ON DELETE SET NULL,
  message_id      text REFERENCES messages (id) ON DELETE SET NULL,
  question        text NOT NULL,
  reason          text NOT NULL CHECK (reason IN ('low_confidence', 'thumbs_down', 'no_answer')),
  confidence      real,
  language        text NOT NULL DEFAULT 'da',
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS knowledge_gaps_created_idx ON knowledge_gaps (created_at);
CREATE UNIQUE INDEX IF NOT EXISTS knowledge_gaps_message_reason_idx ON knowledge_gaps (message_id, reason);

CREATE TABLE IF NOT EXISTS rate_limits (
  user_key     text NOT NULL,
  window_start timestamptz NOT NULL,
  count        integer NOT NULL,
  PRIMARY KEY (user_key, window_start)
);

CREATE TABLE IF NOT EXISTS processed_events (
  source     text NOT NULL,
  event_id   text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source, event_id)
);
