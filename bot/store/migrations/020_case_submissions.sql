-- Collected experience: cases users share ("Del jeres erfaring", source 'submission') and the "worth keeping"
-- drafts advisers make when they resolve a hand-off (source 'adviser_draft'), in one editorial queue. Front matter
-- and body are what the library file will hold once published (personal data already masked). The attachment is
-- kept for the advisers only; it is never published.

CREATE TABLE IF NOT EXISTS case_submissions (
  id               text PRIMARY KEY,
  -- What the submitter is told: KC-<year>-<number of the year, 4 digits>.
  reference        text NOT NULL UNIQUE,
  source           text NOT NULL CHECK (source IN ('submission', 'adviser_draft')),
  status           text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'asked', 'rejected', 'published', 'unpublished')),
  front_matter     jsonb NOT NULL,
  body             text NOT NULL,
  channel          text NOT NULL,
  submitter_id     text,
  submitter_name   text,
  language         text NOT NULL DEFAULT 'da',
  audience         text NOT NULL DEFAULT 'public',
  -- The submitter's stored conversation and the channel's reference for posting into it (questions, notices).
  conversation_key text,
  delivery_ref     jsonb,
  attachment_name  text,
  attachment_type  text,
  attachment_size  integer,
  attachment       bytea,
  -- Set once published: the library document and its file relative to LIBRARY_DIR.
  document_id      text,
  library_path     text,
  rejection_reason text,
  -- An adviser draft: the hand-off it was kept from (one draft per hand-off).
  escalation_id    text,
  -- Bumped by every action that messages the submitter: part of the outbox event key.
  version          integer NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
-- The console's queue: by status, newest first, optionally one source.
CREATE INDEX IF NOT EXISTS case_submissions_queue_idx ON case_submissions (status, created_at DESC);
CREATE INDEX IF NOT EXISTS case_submissions_source_idx ON case_submissions (source, status, created_at DESC);
CREATE INDEX IF NOT EXISTS case_submissions_document_idx ON case_submissions (document_id) WHERE document_id IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS case_submissions_escalation_idx ON case_submissions (escalation_id) WHERE escalation_id IS NOT NULL;

-- The numbers of each year's references, handed out atomically (INSERT … ON CONFLICT DO UPDATE … RETURNING).
CREATE TABLE IF NOT EXISTS case_submission_numbers (
  year integer PRIMARY KEY,
  last integer NOT NULL
);

-- Submission actions are audited in the same log as hand-offs.
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS submission_id text;
CREATE INDEX IF NOT EXISTS audit_log_submission_idx ON audit_log (submission_id, at) WHERE submission_id IS NOT NULL;
