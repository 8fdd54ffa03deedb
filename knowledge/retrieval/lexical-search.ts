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
 * query term is weighted by ln(1 + (N - df + 0.5) / (df + 0.5)) computed from the GIN index, BM25 style, and a
 * chunk's score is the sum of idf × ts_rank over the terms it contains (title and headings weigh more, weight A).
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
       SELECT DISTINCT to_tsquery('danish', quote_literal(t)) AS tq FROM unnest($1::text[]) AS t
     ),
     terms AS (
       SELECT tq FROM raw_terms WHERE numnode(tq) > 0
     ),
     total AS (SELECT greatest(count(*), 1)::float8 AS n FROM chunks),
     weighted AS (
       SELECT terms.tq, ln(1 + (total.n - df.df + 0.5) / (df.df + 0.5)) AS idf
       FROM terms CROSS JOIN total
       CROSS JOIN LATERAL (SELECT count(*)::float8 AS df FROM chunks WHERE tsv @@ terms.tq) AS df
     ),
     scored AS (
       SELECT c.id, sum(w.idf * ts_rank('{0.5, 0.5, 0.5, 1.0}', c.tsv, w.tq, 1)) AS score, count(*) AS matched
       FROM weighted w JOIN chunks c ON c.tsv @@ w.tq
       JOIN documents d ON d.id = c.document_id
       WHERE ${where}
       GROUP BY c.id
       ORDER BY score DESC, c.id
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
