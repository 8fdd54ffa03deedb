-- Accent folding for keyword search: "Idéklinikken" and "Ideklinikken", "Café" and "Cafe" index and match alike.
-- The question side is folded in TypeScript (normalizeText in knowledge/text/normalize-text.ts); fold_accents is
-- the same table for the indexed side, in SQL because PGlite has no `unaccent` extension. æ, ø and å are Danish
-- letters and stay; ä and ö become æ and ø as in normalizeText. Keep the two tables equal (a unit test compares
-- them on every letter).
CREATE OR REPLACE FUNCTION fold_accents(input text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT replace(translate(normalize(input, NFC),
    'áàâãéèêëíìîïóòôõúùûüýäöÁÀÂÃÉÈÊËÍÌÎÏÓÒÔÕÚÙÛÜÝÄÖ',
    'aaaaeeeeiiiioooouuuuyæøAAAAEEEEIIIIOOOOUUUUYÆØ'), 'ß', 'ss')
$$;

-- Re-index the stored chunks exactly as the store writes them: the context (title, organisation, headings) with
-- weight A, then the content.
UPDATE chunks c
SET tsv = setweight(to_tsvector('danish', fold_accents(array_to_string(ARRAY[d.title, d.organisation] || c.heading_path, ' – '))), 'A')
  || to_tsvector('danish', fold_accents(c.content))
FROM documents d
WHERE d.id = c.document_id;

-- The lexemes changed, so their statistics are out of date: the chunk-change counter of migration 010 makes the
-- first search rebuild them (knowledge/store/term-stats.ts holds the one idf formula).
