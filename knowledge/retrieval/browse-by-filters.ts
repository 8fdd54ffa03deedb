import type { Queryable } from '../db/db.js';
import type { Audience } from '../documents/library-document.js';
import { buildFilterSql } from './search-filters.js';
import type { SearchFilters } from './search-types.js';
import type { RankedChunkRow } from './vector-search.js';

/**
 * The documents matching `filters`, newest first, each as its profile chunk (ordinal 0: title, who, where, when,
 * summary). For a question that names only filters ("cases fra Region Midtjylland efter 2015"): there is no topic to
 * rank by, so the list is the answer.
 */
export async function browseByFilters(
  db: Queryable,
  filters: SearchFilters,
  audience: Audience,
  limit: number,
): Promise<RankedChunkRow[]> {
  const params: unknown[] = [limit];
  const where = buildFilterSql(filters, audience, params);
  const result = await db.query<RankedChunkRow>(
    `SELECT c.id AS chunk_id, c.document_id
     FROM documents d JOIN chunks c ON c.document_id = d.id AND c.ordinal = 0
     WHERE ${where}
     ORDER BY coalesce(d.end_year, d.year) DESC NULLS LAST, d.year DESC NULLS LAST, d.id
     LIMIT $1`,
    params,
  );
  return result.rows;
}
