-- Keeps each chunk's full-text vector (tsv) in the chunk's row. Keyword search scores every candidate against every
-- term of the question (knowledge/retrieval/lexical-search.ts), and each `tsv @@ term` fetched an out-of-line tsv
-- again from the TOAST table. A row too large once its embedding had gone out of line (about 10 % of the chunks, and
-- more of the long ones keyword search finds) had tsv moved out next, as its largest column left. With STORAGE MAIN
-- Postgres moves the content out instead, which is read only for the few final hits.
ALTER TABLE chunks ALTER COLUMN tsv SET STORAGE MAIN;

-- The setting applies to rows written from now on. The rows stored before whose tsv may be out of line are written
-- again with an equal new value, which brings it back in. An out-of-line value is told by its size: pg_column_size
-- gives a stored value's size without the 4-byte header, and a value just built (tsv || '') with it. The text is
-- equal, so the postings trigger (migration 012) writes nothing, and keyword statistics that were up to date still
-- are: the statement would otherwise count as a change of text and make the next search rebuild them (migration 010).
DO $$
DECLARE
  fresh boolean;
BEGIN
  SELECT s.refreshed_version IS NOT DISTINCT FROM s.chunk_version INTO fresh FROM search_statistics s;
  UPDATE chunks c SET tsv = c.tsv || ''::tsvector
  WHERE pg_column_size(c.tsv) <> pg_column_size(c.tsv || ''::tsvector);
  IF fresh THEN
    UPDATE search_statistics SET refreshed_version = chunk_version;
  END IF;
END
$$;
