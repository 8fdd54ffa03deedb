-- chunk_term_impact (migration 012) as one expression, so Postgres inlines it into the postings trigger's INSERT
-- instead of running it as a SQL function once per posting: a function with a FROM clause is never inlined, and
-- calling it about 45 times per chunk took most of an ingest's write time (about 5 s of 13 s at 10,000 chunks).
-- Same formula and the same float8 arithmetic, so the stored impacts do not change.
CREATE OR REPLACE FUNCTION chunk_term_impact(weights text[], positions smallint[], distinct_lexemes integer)
RETURNS real LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT ((CASE WHEN 'A' = ANY(weights) THEN 1 ELSE 0 END)
    + greatest(coalesce(cardinality(positions), 0), 1)::float8
      / (greatest(coalesce(cardinality(positions), 0), 1)::float8 + 1.2 * (0.25 + 0.75 * greatest(distinct_lexemes, 1) / 45.0)))::real
$$;
