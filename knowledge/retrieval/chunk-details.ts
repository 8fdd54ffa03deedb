import type { Queryable } from '../db/db.js';
import { DOCUMENT_COLUMNS, type DocumentColumnsRow } from './document-columns.js';

/** A chunk's text and its document's metadata: what a search hit shows. */
export interface ChunkDetailRow extends DocumentColumnsRow {
  chunk_id: number | string;
  document_id: string;
  ordinal: number;
  heading_path: string[];
  content: string;
}

/**
 * Reads the chunks with these ids and their documents, keyed by chunk id. A chunk deleted since it was ranked (a
 * re-ingest running beside the search) is simply absent.
 */
export async function fetchChunkDetails(db: Queryable, chunkIds: string[]): Promise<Map<string, ChunkDetailRow>> {
  if (chunkIds.length === 0) return new Map();
  const result = await db.query<ChunkDetailRow>(
    `SELECT c.id AS chunk_id, c.document_id, c.ordinal, c.heading_path, c.content, ${DOCUMENT_COLUMNS}
     FROM chunks c JOIN documents d ON d.id = c.document_id
     WHERE c.id = ANY($1::bigint[])`,
    [chunkIds],
  );
  return new Map(result.rows.map((row) => [String(row.chunk_id), row]));
}

/** A document's body chunks (not its profile chunk), in document order. */
export async function listDocumentChunks(
  db: Queryable,
  documentId: string,
): Promise<{ headingPath: string[]; content: string }[]> {
  const result = await db.query<{ heading_path: string[]; content: string }>(
    'SELECT heading_path, content FROM chunks WHERE document_id = $1 AND ordinal > 0 ORDER BY ordinal',
    [documentId],
  );
  return result.rows.map((row) => ({ headingPath: row.heading_path ?? [], content: row.content }));
}
