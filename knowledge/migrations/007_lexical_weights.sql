-- Lexical search without per-row work it does not need:
-- * title_tsv holds the weight-A part of tsv (title, organisation, headings), with its own GIN index, so the
--   "term is in the title" bonus is a second index lookup instead of a weighted @@ test on every matching row.
-- * term_stats.idf stores each lexeme's BM25 idf, computed when the statistics are refreshed after an ingest,
--   instead of counting all chunks on every query.
ALTER TABLE chunks ADD COLUMN IF NOT EXISTS title_tsv tsvector GENERATED ALWAYS AS (ts_filter(tsv, '{a}')) STORED;
CREATE INDEX IF NOT EXISTS chunks_title_tsv_idx ON chunks USING gin (title_tsv);

ALTER TABLE term_stats ADD COLUMN IF NOT EXISTS idf float8 NOT NULL DEFAULT 0;
UPDATE term_stats SET idf = ln(1 + greatest(total.n - term_stats.df, 0) / (term_stats.df + 0.5) + 0.5 / (term_stats.df + 0.5))
FROM (SELECT greatest(count(*), 1)::float8 AS n FROM chunks) AS total;
