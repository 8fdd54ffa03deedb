import type { Db, Queryable } from '../db/db.js';
import type { Audience } from '../documents/library-document.js';
import { ensureSearchStatistics } from '../store/term-stats.js';
import { isStopWord, tokenize } from '../text/danish-text.js';
import { buildExclusionSql, buildFilterSql, choosesDocuments } from './search-filters.js';
import type { SearchFilters } from './search-types.js';
import type { RankedChunkRow } from './vector-search.js';

/** Terms below this idf (in more than ~20% of chunks) are dropped when the question has rarer ones. */
const COMMON_TERM_IDF = 1.6;

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

/** Per term, how many of its best chunks are read, at least: enough that a library of a few hundred chunks is never cut. */
const MIN_CANDIDATES_PER_TERM = 200;

/** How many chunks each term contributes for a search asked for `limit` results: the cost grows with this, not with the library. */
export function candidatesPerTerm(limit: number): number {
  return Math.max(MIN_CANDIDATES_PER_TERM, 5 * limit);
}

/**
 * Keyword ranking with Postgres full text (`danish` configuration) and real IDF: `ts_rank` alone has none, so each
 * query term is weighted by its BM25 idf, ln(1 + (N - df + 0.5) / (df + 0.5)), stored in `term_stats` when the
 * statistics are refreshed. A chunk's score is the sum of the idf of the terms it contains, doubled where the term
 * is in its title, organisation or headings (`title_tsv`, the weight-A part). Term frequency is left out of the score
 * on purpose: chunks are short and similar in length, and it made no measurable gain in the evaluation. Terms are
 * OR-ed, so a chunk need not contain every word of a question.
 *
 * The cost grows with k, not with the number of chunks that contain a word: the candidates are each term's best
 * `perTerm` chunks from the impact-ordered postings (`chunk_terms`, migration 012: title matches first, then where
 * the word weighs most), read in index order among the documents the filters allow, and only those candidates are
 * scored, exactly, against every term. A chunk can be missed only when it is outside every term's best `perTerm`
 * (with 200 a term, never in a library of under a thousand chunks, whose useful terms match fewer). Only ids come
 * back (the wide columns are read for the final hits, see chunk-details.ts).
 */
export async function lexicalSearch(
  db: Queryable,
  question: string,
  filters: SearchFilters | undefined,
  audience: Audience,
  limit: number,
  perTerm: number = candidatesPerTerm(limit),
): Promise<LexicalRow[]> {
  const terms = lexicalTerms(question);
  if (terms.length === 0) return [];
  await ensureSearchStatistics(db); // empty or stale idf weights (a killed ingest) are rebuilt first
  const params: unknown[] = [terms, limit, perTerm];
  const filter = postingFilter(filters, audience, params);
  const sql =
    `WITH terms AS MATERIALIZED (
         SELECT DISTINCT t, to_tsquery('danish', quote_literal(t)) AS tq
         FROM unnest($1::text[]) AS t
         WHERE numnode(to_tsquery('danish', quote_literal(t))) > 0
       ),
       -- A term no chunk contains gets idf 0: it matches nothing and must not push the others out below.
       weighted AS MATERIALIZED (
         SELECT terms.tq, tsvector_to_array(to_tsvector('danish', terms.t)) AS lexemes, coalesce((
           SELECT min(s.idf) FROM term_stats s WHERE s.lexeme = ANY(tsvector_to_array(to_tsvector('danish', terms.t)))
         ), 0) AS idf
         FROM terms
       ),
       -- Terms in more than ~20% of all chunks (idf < 1.6) are left out of the matching when the question has rarer
       -- terms: in this library they are question and domain words ("hvem", "kan", "metode", "erfaring", "løsning",
       -- "medarbejder") that match a fifth of the table each and rarely decide which case fits; the vector side still
       -- sees them. Against 30% (idf 1.2): a quarter fewer rows for the longest questions, and on the evaluation hybrid
       -- hit@1 0.871 → 0.900 and MRR 0.930 → 0.940 (keyword-only hit@5 0.957 → 0.900).
       useful AS MATERIALIZED (
         SELECT w.tq, w.lexemes, w.idf FROM weighted w
         WHERE w.idf >= ${COMMON_TERM_IDF} OR NOT EXISTS (SELECT 1 FROM weighted r WHERE r.idf >= ${COMMON_TERM_IDF})
       ),
       -- Each term's best chunks in impact order, among the documents the filters allow, at most $3 a term.
       candidates AS MATERIALIZED (
         SELECT DISTINCT best.chunk_id
         FROM useful u
         CROSS JOIN LATERAL unnest(u.lexemes) AS l(lexeme)
         CROSS JOIN LATERAL (
           SELECT p.chunk_id
           FROM ${filter.from}
           WHERE p.lexeme = l.lexeme AND ${filter.where}
           ORDER BY p.impact DESC, p.chunk_id
           LIMIT $3
         ) AS best
       ),
       -- Each candidate is read once and scored against the terms in a lateral aggregate. A join to every term then
       -- GROUP BY sorted candidates × terms rows that carry the chunk's full-text vectors (5,000 rows, 5 MB on disk
       -- past work_mem for a six-word question at 10,000 chunks): 30 of its 58 ms.
       scored AS (
         SELECT c.id, c.document_id, m.score, m.matched
         FROM candidates k JOIN chunks c ON c.id = k.chunk_id
         CROSS JOIN LATERAL (
           SELECT sum(CASE WHEN c.tsv @@ u.tq THEN u.idf ELSE 0 END + CASE WHEN c.title_tsv @@ u.tq THEN u.idf ELSE 0 END) AS score,
             count(*) FILTER (WHERE c.tsv @@ u.tq) AS matched
           FROM useful u
         ) AS m
         WHERE m.matched > 0
         ORDER BY m.score DESC, c.id
         LIMIT $2
       )
       SELECT s.id AS chunk_id, s.document_id, s.score AS lexical_score, s.matched::int AS matched_terms,
         (SELECT count(*)::int FROM terms) AS total_terms
       FROM scored s
       ORDER BY s.score DESC, s.id`;
  if (!filter.join) return (await db.query<LexicalRow>(sql, params)).rows;
  const result = await inTransaction(db, async (tx) => {
    // The postings must be read in index order, best first, so that the LIMIT stops the scan. Joined to chunks and
    // documents, the planner cannot see which lexeme the lateral scan gets and may estimate a handful of rows for
    // it, then prefer reading all of a common word's postings and sorting them; without bitmap and sequential
    // scans, the ordered index scan is the plan it has. SET LOCAL lasts for this transaction only.
    await tx.exec('SET LOCAL enable_bitmapscan = off; SET LOCAL enable_seqscan = off');
    return tx.query<LexicalRow>(sql, params);
  });
  return result.rows;
}

/**
 * Which postings the candidates' scan may take, as its FROM and WHERE. Filters that only leave documents out (the
 * audience, documents already shown: every search without metadata filters) become one hashed set of the chunks to
 * leave out, built once per search, so the scan reads the postings index alone: joining each posting to its chunk
 * and document (about 1,100 postings for a six-word question) was half the keyword search's time at 10,000 chunks.
 * The set is the internal documents' chunks, few in a library meant for the public, read document by document
 * from the index of chunk ids by document (migration 023; OFFSET 0 keeps the lateral read apart: joined freely, the
 * planner read all 100,000 chunks of a large library to find the 4,000 internal ones, 130 ms a search). The
 * postings' plan needs no settings (an index-only scan in index order is the cheapest way to the first rows of one
 * lexeme). Filters that choose documents keep only a few of them, so each posting is joined to its document and
 * tested instead.
 */
function postingFilter(
  filters: SearchFilters | undefined,
  audience: Audience,
  params: unknown[],
): { from: string; where: string; join: boolean } {
  if (choosesDocuments(filters)) {
    const where = buildFilterSql(filters, audience, params);
    return { from: 'chunk_terms p JOIN chunks c ON c.id = p.chunk_id JOIN documents d ON d.id = c.document_id', where, join: true };
  }
  const excluded = buildExclusionSql(filters, audience, params);
  const where = excluded
    ? `p.chunk_id NOT IN (
         SELECT c.id FROM documents d
         CROSS JOIN LATERAL (SELECT c.id FROM chunks c WHERE c.document_id = d.id OFFSET 0) AS c
         WHERE ${excluded})`
    : 'TRUE';
  return { from: 'chunk_terms p', where, join: false };
}

/** Runs `work` in a transaction of the database, or directly when given one transaction already. */
function inTransaction<T>(db: Queryable, work: (tx: Queryable) => Promise<T>): Promise<T> {
  return typeof (db as Partial<Db>).transaction === 'function' ? (db as Db).transaction(work) : work(db);
}
