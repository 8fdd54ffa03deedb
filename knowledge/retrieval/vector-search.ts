import type { Queryable } from '../db/db.js';
import { vectorToSql } from '../store/vector-sql.js';
import type { Audience } from '../documents/library-document.js';
import { buildFilterSql } from './search-filters.js';
import type { SearchFilters } from './search-types.js';

/**
 * What a retriever returns: which chunk, of which document. The wide columns (text, document metadata) are read
 * afterwards for the few chunks that make the final list (see chunk-details.ts): reading and decoding them for every
 * candidate of both retrievers was a third of a search's time on PGlite.
 */
export interface RankedChunkRow {
  chunk_id: number | string;
  document_id: string;
}

export interface VectorRow extends RankedChunkRow {
  similarity: number;
}

/**
 * Nearest chunks by cosine distance through the HNSW index on `embedding::vector(n)`.
 * The cast must match the index expression exactly, or Postgres falls back to a full scan.
 */
export async function vectorSearch(
  db: Queryable,
  query: { embedding: number[]; model: string; dimensions: number },
  filters: SearchFilters | undefined,
  audience: Audience,
  limit: number,
): Promise<VectorRow[]> {
  const params: unknown[] = [vectorToSql(query.embedding), query.model, limit];
  const where = buildFilterSql(filters, audience, params);
  const vectorType = `vector(${query.dimensions})`;
  // MATERIALIZED keeps the index-ordered scan inside; the outer ORDER BY restores exact order after
  // pgvector's iterative scan (relaxed_order), which may return rows slightly out of order under filters.
  const result = await db.query<VectorRow>(
    `WITH nearest AS MATERIALIZED (
       SELECT c.id, c.document_id, c.embedding::${vectorType} <=> $1::${vectorType} AS distance
       FROM chunks c JOIN documents d ON d.id = c.document_id
       WHERE c.embedding_model = $2 AND ${where}
       ORDER BY c.embedding::${vectorType} <=> $1::${vectorType}
       LIMIT $3
     )
     SELECT n.id AS chunk_id, n.document_id, 1 - n.distance AS similarity
     FROM nearest n
     ORDER BY n.distance, n.id`,
    params,
  );
  return result.rows;
}
