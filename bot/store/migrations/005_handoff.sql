-- The hand-off to human advisers, part two: advisers and their console sessions, an audit log of every action, and
-- an outbox through which notifications (to advisers) and deliveries (into the user's own conversation) are sent
-- after the state change has committed, retried with backoff, and never sent twice for the same event.

CREATE TABLE IF NOT EXISTS advisers (
  id            text PRIMARY KEY,
  name          text NOT NULL,
  email         text NOT NULL UNIQUE,
  -- sha256 of the adviser's access token; the token itself is never stored.
  token_hash    text,
  enabled       boolean NOT NULL DEFAULT true,
  slack_user_id text,
  teams_user_id text,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX IF NOT EXISTS advisers_token_hash_idx ON advisers (token_hash) WHERE token_hash IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS advisers_slack_user_idx ON advisers (slack_user_id) WHERE slack_user_id IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS advisers_teams_user_idx ON advisers (teams_user_id) WHERE teams_user_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS adviser_sessions (
  -- sha256 of the random session token held in the console's cookie.
  id         text PRIMARY KEY,
  adviser_id text NOT NULL REFERENCES advisers (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS adviser_sessions_adviser_idx ON adviser_sessions (adviser_id);
CREATE INDEX IF NOT EXISTS adviser_sessions_expires_idx ON adviser_sessions (expires_at);

-- Who did what, when. `actor` is an adviser id, `user:<user id>`, `system`, or e.g. `cli:<user>`.
CREATE TABLE IF NOT EXISTS audit_log (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  actor         text NOT NULL,
  action        text NOT NULL,
  escalation_id text,
  details       jsonb NOT NULL DEFAULT '{}',
  at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS audit_log_escalation_idx ON audit_log (escalation_id, at);
CREATE INDEX IF NOT EXISTS audit_log_at_idx ON audit_log (at);

-- One row per event (event_key makes enqueueing idempotent). kind 'adviser': payload is an AdviserEvent, sent to
-- every notifier the dispatcher has; kind 'user': payload is a UserDelivery, sent through the port of its channel.
-- delivered_targets records which notifiers/ports already got it, so a retry never calls them again. A dispatcher
-- leases due rows (locked_by + locked_until) and only the lease owner may mark them delivered, retried or failed.
CREATE TABLE IF NOT EXISTS outbox (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_key         text NOT NULL UNIQUE,
  kind              text NOT NULL CHECK (kind IN ('adviser', 'user')),
  escalation_id     text REFERENCES escalations (id) ON DELETE CASCADE,
  -- User deliveries of one conversation go out in order: a row waits while an older one is pending.
  conversation_id   text,
  payload           jsonb NOT NULL,
  delivered_targets text[] NOT NULL DEFAULT '{}',
  attempts          integer NOT NULL DEFAULT 0,
  next_attempt_at   timestamptz NOT NULL DEFAULT now(),
  locked_by         text,
  locked_until      timestamptz,
  delivered_at      timestamptz,
  failed_at         timestamptz,
  last_error        text,
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS outbox_pending_idx ON outbox (next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX IF NOT EXISTS outbox_conversation_idx ON outbox (conversation_id, id) WHERE delivered_at IS NULL AND failed_at IS NULL;

-- The last delivery to the user failed for good (shown in the console); when the overdue reminder went out; and a
-- counter bumped by every state change, used in outbox event keys (`<id>:claimed:<version>`).
ALTER TABLE escalations ADD COLUMN IF NOT EXISTS delivery_failed boolean NOT NULL DEFAULT false;
ALTER TABLE escalations ADD COLUMN IF NOT EXISTS reminded_at timestamptz;
ALTER TABLE escalations ADD COLUMN IF NOT EXISTS version integer NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS escalations_due_idx ON escalations (due_at) WHERE status = 'queued' AND reminded_at IS NULL;
