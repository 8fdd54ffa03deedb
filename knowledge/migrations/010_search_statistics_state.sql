-- Whether term_stats (the idf weights of keyword search) still matches the chunks. chunk_version counts the
-- statements that changed the chunks' full text (a trigger bumps it); refreshed_version is the chunk_version the last
-- refresh of term_stats saw. They differ after an ingest killed between writing chunks and refreshing the
-- statistics, and after an upgrade (NULL): the next search then refreshes them (knowledge/store/term-stats.ts).
CREATE TABLE IF NOT EXISTS search_statistics (
  singleton         boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  chunk_version     bigint NOT NULL DEFAULT 1,
  refreshed_version bigint
);
INSERT INTO search_statistics (singleton) VALUES (true) ON CONFLICT (singleton) DO NOTHING;

CREATE OR REPLACE FUNCTION note_chunk_text_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE search_statistics SET chunk_version = chunk_version + 1;
  RETURN NULL;
END
$$;

-- Per statement, not per row: an ingest's 100-row inserts cost one small update each. Re-embedding (UPDATE of the
-- embedding only) does not count.
DROP TRIGGER IF EXISTS chunks_text_changed ON chunks;
CREATE TRIGGER chunks_text_changed AFTER INSERT OR DELETE OR TRUNCATE OR UPDATE OF tsv ON chunks
  FOR EACH STATEMENT EXECUTE FUNCTION note_chunk_text_change();
