-- Hand-offs to human advisers. At most one open (queued or claimed) escalation per conversation, enforced by the
-- partial unique index, so two clicks or two processes can never open two.
CREATE TABLE IF NOT EXISTS escalations (
  id              text PRIMARY KEY,
  conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  status          text NOT NULL CHECK (status IN ('queued', 'claimed', 'resolved', 'cancelled')),
  trigger         text NOT NULL CHECK (trigger IN ('user_request', 'low_confidence', 'thumbs_down')),
  channel         text NOT NULL,
  language        text NOT NULL DEFAULT 'da',
  question        text NOT NULL,
  summary         text NOT NULL,
  -- The bot's last answer with its citations, as the user saw it.
  last_answer     jsonb,
  adviser_id      text,
  adviser_name    text,
  claimed_at      timestamptz,
  resolved_at     timestamptz,
  resolution_note text,
  keep_answer     boolean NOT NULL DEFAULT false,
  due_at          timestamptz NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX IF NOT EXISTS escalations_one_open_idx ON escalations (conversation_id)
  WHERE status IN ('queued', 'claimed');
CREATE INDEX IF NOT EXISTS escalations_status_idx ON escalations (status, created_at);
