/**
 * The database's own floor for one search: the two raw queries a hybrid search is made of, each alone, with the
 * same k and the same filters (the public audience), and nothing else — no statistics check, no fusion, no chunk
 * details. The benchmark times them in the same run as the hybrid search, so hybrid p95 ÷ (HNSW p95 + full-text p95)
 * says how far the search is above what the database itself needs, whatever the machine's load.
 */
import type { Queryable } from '../../knowledge/db/db.js';
import { lexicalTerms } from '../../knowledge/retrieval/lexical-search.js';
import { searchText } from '../../knowledge/retrieval/search-library.js';
import { vectorToSql } from '../../knowledge/store/vector-sql.js';

/** Raw HNSW top-k: the index-ordered scan over public documents, pgvector's default ef_search (40). */
export async function rawVectorTopK(db: Queryable, embedding: number[], dimensions: number, k: number): Promise<number> {
  const type = `vector(${dimensions})`;
  const result = await db.query(
    `SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id
     WHERE d.audience = 'public'
     ORDER BY c.embedding::${type} <=> $1::${type}
     LIMIT $2`,
    [vectorToSql(embedding), k],
  );
  return result.rows.length;
}

/** Raw GIN full-text match: the question's search terms OR-ed, the first k public chunks that match, unranked. */
export async function rawFullTextMatch(db: Queryable, tsquery: string, k: number): Promise<number> {
  if (!tsquery) return 0;
  const result = await db.query(
    `SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id
     WHERE c.tsv @@ to_tsquery('danish', $1) AND d.audience = 'public'
     LIMIT $2`,
    [tsquery, k],
  );
  return result.rows.length;
}

/** The OR-query of the terms the lexical search would use for `question` ('' when it has none). */
export function fullTextQueryFor(question: string): string {
  return lexicalTerms(searchText(question, undefined))
    .map((term) => `'${term.replace(/'/g, "''")}'`)
    .join(' | ');
}
