-- The web chat asks, when it opens a conversation's stream and after each message, which of the conversation's shared
-- cases still wait (bot/store/submission-store.ts listWaitingReferences): found by the conversation, not by scanning
-- every new or asked case.
CREATE INDEX IF NOT EXISTS case_submissions_conversation_idx ON case_submissions (conversation_key) WHERE conversation_key IS NOT NULL;
