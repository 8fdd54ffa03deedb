import type { Queryable } from '../db/db.js';
import type { Audience } from '../documents/library-document.js';
import { isStopWord, tokenize } from '../text/danish-text.js';
import { DOCUMENT_COLUMNS } from './document-columns.js';
import { buildFilterSql } from './search-filters.js';
import type { SearchFilters } from './search-types.js';
import type { RankedChunkRow } from './vector-search.js';

export interface LexicalRow extends RankedChunkRow {
  lexical_score: number;
  matched_terms: number;
  total_terms: number;
}

/** The question's meaningful words (no stop words in either language), de-duplicated, at most 24. */
export function lexicalTerms(question: string): string[] {
  const terms = new Set<string>();
  for (const token of tokenize(question)) {
    if (token.length < 2 || isStopWord(token, 'da') || isStopWord(token, 'en')) continue;
    if (!/^[\p{L}\p{N}]+$/u.test(token)) continue;
    terms.add(token);
    if (terms.size >= 24) break;
  }
  return [...terms];
}

/**
 * Keyword ranking with Postgres full text (`danish` configuration) and real IDF: `ts_rank` alone has none, so each
 * query term is weighted by ln(1 + (N - df + 0.5) / (df + 0.5)) with df from `term_stats`, BM25 style, and a
 * chunk's score is the sum of the idf of the terms it contains, doubled where the term is in its title, organisation
 * or headings (weight A). Term frequency is left out on purpose: chunks are short and similar in length, and
 * ts_rank per matching row was a third of the query's cost for no measurable gain in the evaluation.
 * Terms are OR-ed, so a chunk need not contain every word of a conversational question.
 */
export async function lexicalSearch(
  db: Queryable,
  question: string,
  filters: SearchFilters | undefined,
  audience: Audience,
  limit: number,
): Promise<LexicalRow[]> {
  const terms = lexicalTerms(question);
  if (terms.length === 0) return [];
  const params: unknown[] = [terms, limit];
  const where = buildFilterSql(filters, audience, params);
  const result = await db.query<LexicalRow>(
    `WITH raw_terms AS (
       SELECT DISTINCT t, to_tsquery('danish', quote_literal(t)) AS tq,
         to_tsquery('danish', quote_literal(t) || ':A') AS tq_title
       FROM unnest($1::text[]) AS t
     ),
     terms AS MATERIALIZED (
       SELECT t, tq, tq_title FROM raw_terms WHERE numnode(tq) > 0
     ),
     total AS MATERIALIZED (SELECT greatest(coalesce(sum(chunk_count), 0), 1)::float8 AS n FROM documents),
     -- Document frequencies come from term_stats (refreshed after each ingest), not from counting per query.
     weighted AS MATERIALIZED (
       SELECT terms.tq, terms.tq_title, ln(1 + greatest(total.n - df.df, 0) / (df.df + 0.5) + 0.5 / (df.df + 0.5)) AS idf
       FROM terms CROSS JOIN total
       CROSS JOIN LATERAL (
         SELECT coalesce(max(s.df), 0)::float8 AS df FROM term_stats s
         WHERE s.lexeme = ANY(tsvector_to_array(to_tsvector('danish', terms.t)))
       ) AS df
     ),
     -- Terms in more than 30% of all chunks carry almost no information (idf < ~1.2) but match most of the table;
     -- they are left out of the matching when the question has rarer terms.
     useful AS MATERIALIZED (
       SELECT w.tq, w.tq_title, w.idf FROM weighted w
       WHERE w.idf >= 1.2 OR NOT EXISTS (SELECT 1 FROM weighted r WHERE r.idf >= 1.2)
     ),
     -- Narrow (chunk, score) rows before grouping, so the wide tsvector column is not carried through sorts.
     term_scores AS MATERIALIZED (
       SELECT c.id, c.document_id, u.idf * (CASE WHEN c.tsv @@ u.tq_title THEN 2 ELSE 1 END) AS score
       FROM useful u JOIN chunks c ON c.tsv @@ u.tq
     ),
     scored AS (
       SELECT ts.id, sum(ts.score) AS score, count(*) AS matched
       FROM term_scores ts JOIN documents d ON d.id = ts.document_id
       WHERE ${where}
       GROUP BY ts.id
       ORDER BY score DESC, ts.id
       LIMIT $2
     )
     SELECT c.id AS chunk_id, c.document_id, c.ordinal, c.heading_path, c.content, s.score AS lexical_score,
       s.matched::int AS matched_terms, (SELECT count(*)::int FROM terms) AS total_terms, ${DOCUMENT_COLUMNS}
     FROM scored s JOIN chunks c ON c.id = s.id JOIN documents d ON d.id = c.document_id
     ORDER BY s.score DESC, c.id`,
    params,
  );
  return result.rows;
}
