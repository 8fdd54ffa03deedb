-- The change feed (bot/store/change-feed.ts) asks every second for messages and escalations newer than a moment:
-- indexes on those timestamps keep each poll a short index range scan however long the history grows.
CREATE INDEX IF NOT EXISTS messages_created_idx ON messages (created_at);
CREATE INDEX IF NOT EXISTS escalations_updated_idx ON escalations (updated_at);
