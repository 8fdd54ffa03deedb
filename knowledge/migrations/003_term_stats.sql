-- Document frequency of each full-text lexeme over all chunks, refreshed after each ingest: the IDF weights of
-- lexical search (Postgres' ts_rank has none). Counting them per query was the slowest part of a search.
CREATE TABLE IF NOT EXISTS term_stats (
  lexeme text PRIMARY KEY,
  df     integer NOT NULL
);
