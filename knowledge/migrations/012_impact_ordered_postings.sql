-- Impact-ordered postings for keyword search, so its cost grows with the number of results asked for, not with the
-- number of chunks that contain a word. One row per (lexeme, chunk) of chunks.tsv; the index lists each lexeme's
-- chunks best first, and a search reads only the first few hundred of each of the question's terms
-- (knowledge/retrieval/lexical-search.ts) instead of every chunk that matches.
--
-- impact orders one lexeme's chunks: 1 when the lexeme is in the chunk's title, organisation or headings (weight A,
-- which doubles its score in the search), plus BM25's length-normalised term-frequency saturation
-- tf / (tf + 1.2 * (0.25 + 0.75 * dl / 45)), which is below 1. So title matches come first, then the chunks where
-- the word weighs most. dl is the chunk's number of distinct lexemes (45 is about the average chunk's).
CREATE TABLE IF NOT EXISTS chunk_terms (
  lexeme   text   NOT NULL,
  impact   real   NOT NULL,
  chunk_id bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS chunk_terms_lexeme_impact_idx ON chunk_terms (lexeme, impact DESC, chunk_id);
-- Removing a chunk's postings when the chunk goes.
CREATE INDEX IF NOT EXISTS chunk_terms_chunk_idx ON chunk_terms (chunk_id);

CREATE OR REPLACE FUNCTION chunk_term_impact(weights text[], positions smallint[], distinct_lexemes integer)
RETURNS real LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT ((CASE WHEN 'A' = ANY(weights) THEN 1 ELSE 0 END)
    + tf / (tf + 1.2 * (0.25 + 0.75 * greatest(distinct_lexemes, 1) / 45.0)))::real
  FROM (SELECT greatest(coalesce(cardinality(positions), 0), 1)::float8 AS tf) AS f
$$;

-- The postings follow the chunks' full text in the same statement that changes it: per statement, with the changed
-- rows as transition tables, so an ingest's multi-row insert writes all its postings in one more statement.
CREATE OR REPLACE FUNCTION chunk_terms_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO chunk_terms (lexeme, impact, chunk_id)
  SELECT t.lexeme, chunk_term_impact(t.weights, t.positions, length(n.tsv)), n.id
  FROM new_chunks n CROSS JOIN LATERAL unnest(n.tsv) AS t;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION chunk_terms_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM chunk_terms WHERE chunk_id IN (SELECT o.id FROM old_chunks o);
  RETURN NULL;
END
$$;

-- An UPDATE that leaves tsv as it was (re-embedding) costs one join of the transition tables and writes nothing.
CREATE OR REPLACE FUNCTION chunk_terms_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM chunk_terms WHERE chunk_id IN (
    SELECT n.id FROM new_chunks n JOIN old_chunks o ON o.id = n.id WHERE n.tsv IS DISTINCT FROM o.tsv);
  INSERT INTO chunk_terms (lexeme, impact, chunk_id)
  SELECT t.lexeme, chunk_term_impact(t.weights, t.positions, length(n.tsv)), n.id
  FROM new_chunks n JOIN old_chunks o ON o.id = n.id AND n.tsv IS DISTINCT FROM o.tsv
  CROSS JOIN LATERAL unnest(n.tsv) AS t;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION chunk_terms_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE chunk_terms;
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS chunk_terms_insert ON chunks;
CREATE TRIGGER chunk_terms_insert AFTER INSERT ON chunks
  REFERENCING NEW TABLE AS new_chunks FOR EACH STATEMENT EXECUTE FUNCTION chunk_terms_after_insert();
DROP TRIGGER IF EXISTS chunk_terms_delete ON chunks;
CREATE TRIGGER chunk_terms_delete AFTER DELETE ON chunks
  REFERENCING OLD TABLE AS old_chunks FOR EACH STATEMENT EXECUTE FUNCTION chunk_terms_after_delete();
DROP TRIGGER IF EXISTS chunk_terms_update ON chunks;
CREATE TRIGGER chunk_terms_update AFTER UPDATE ON chunks
  REFERENCING OLD TABLE AS old_chunks NEW TABLE AS new_chunks FOR EACH STATEMENT EXECUTE FUNCTION chunk_terms_after_update();
DROP TRIGGER IF EXISTS chunk_terms_truncate ON chunks;
CREATE TRIGGER chunk_terms_truncate AFTER TRUNCATE ON chunks
  FOR EACH STATEMENT EXECUTE FUNCTION chunk_terms_after_truncate();

-- The chunks stored before this migration.
DELETE FROM chunk_terms;
INSERT INTO chunk_terms (lexeme, impact, chunk_id)
SELECT t.lexeme, chunk_term_impact(t.weights, t.positions, length(c.tsv)), c.id
FROM chunks c CROSS JOIN LATERAL unnest(c.tsv) AS t;
