-- Migration 029 keeps each chunk's tsv in its row from then on. The rows stored before whose tsv may be out of line
-- are written again with an equal new value, which brings it back in. An out-of-line value is told by its size:
-- pg_column_size gives a stored value's size without the 4-byte header, and a value just built (tsv || '') with it.
-- The text is equal, so the postings trigger (migration 012) writes nothing, and keyword statistics that were up to
-- date still are: the statement counts as a change of text (one bump of chunk_version, migration 010), which would
-- make the next search rebuild them. Only that one bump is marked refreshed: an ingest that changed the chunks in
-- between leaves the statistics behind, as it should.
DO $$
DECLARE
  seen bigint;
  fresh boolean;
BEGIN
  SELECT s.chunk_version, s.refreshed_version IS NOT DISTINCT FROM s.chunk_version INTO seen, fresh
  FROM search_statistics s;
  UPDATE chunks c SET tsv = c.tsv || ''::tsvector
  WHERE pg_column_size(c.tsv) <> pg_column_size(c.tsv || ''::tsvector);
  IF fresh THEN
    UPDATE search_statistics SET refreshed_version = chunk_version WHERE chunk_version = seen + 1;
  END IF;
END
$$;
