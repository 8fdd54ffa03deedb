/**
 * Writes and reads library documents and their chunks. A document and its chunks change together, in one
 * transaction, so a reader (or an interrupted ingest) never sees a document with half its chunks.
 */
import type { Db, Queryable } from '../db/db.js';
import { vectorToSql } from './vector-sql.js';
import type { Contact, LibraryDocument } from '../documents/library-document.js';

/** A chunk ready to store: text, where it sits, and its embedding. */
export interface ChunkRecord {
  ordinal: number;
  headingPath: string[];
  content: string;
  tokenCount: number;
  /** Title and headings, indexed with a higher full-text weight than the content. */
  context: string;
  embedding: number[];
}

export interface StoredDocumentState {
  id: string;
  sourcePath: string;
  contentHash: string;
}

export interface DocumentWrite {
  document: LibraryDocument;
  summary: string;
  contentHash: string;
  embeddingModel: string;
  chunks: ChunkRecord[];
}

/** Ids, paths and hashes of every stored document: what an incremental ingest compares against. */
export async function listDocumentStates(db: Queryable): Promise<StoredDocumentState[]> {
  const result = await db.query<{ id: string; source_path: string; content_hash: string }>(
    'SELECT id, source_path, content_hash FROM documents ORDER BY id',
  );
  return result.rows.map((row) => ({ id: row.id, sourcePath: row.source_path, contentHash: row.content_hash }));
}

/** Inserts or replaces one document and all its chunks atomically. */
export async function replaceDocument(db: Db, write: DocumentWrite): Promise<void> {
  await replaceDocuments(db, [write]);
}

/**
 * Inserts or replaces several documents and all their chunks in one transaction: each document is still either as it
 * was or wholly replaced, and an ingest pays a few statements per batch instead of three per document (the
 * statement-level triggers on chunks, search statistics and postings, then run once per batch too).
 */
export async function replaceDocuments(db: Db, writes: DocumentWrite[]): Promise<void> {
  if (writes.length === 0) return;
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM chunks WHERE document_id = ANY($1::text[])', [writes.map((write) => write.document.id)]);
    for (const write of writes) await upsertDocumentRow(tx, write);
    await insertChunks(
      tx,
      writes.flatMap((write) => write.chunks.map((chunk) => ({ documentId: write.document.id, model: write.embeddingModel, chunk }))),
    );
  });
}

/** Removes documents (their chunks go with them). Returns how many were removed. */
export async function deleteDocuments(db: Queryable, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db.query('DELETE FROM documents WHERE id = ANY($1::text[])', [ids]);
  return result.affectedRows;
}

export async function countLibrary(db: Queryable): Promise<{ documents: number; chunks: number }> {
  const result = await db.query<{ documents: number; chunks: number }>(
    'SELECT (SELECT count(*)::int FROM documents) AS documents, (SELECT count(*)::int FROM chunks) AS chunks',
  );
  return result.rows[0] ?? { documents: 0, chunks: 0 };
}

async function upsertDocumentRow(tx: Queryable, write: DocumentWrite): Promise<void> {
  const doc = write.document;
  await tx.query(
    `INSERT INTO documents (
       id, type, title, organisation, organisation_type, region, year, end_year, policy_area, innovation_type,
       methods, status, contact, source_url, tags, audience, author, summary, body, source_path, source_format,
       content_hash, chunk_count, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text[], $11::text[], $12, $13::jsonb, $14, $15::text[], $16, $17,
       $18, $19, $20, $21, $22, $23, now())
     ON CONFLICT (id) DO UPDATE SET
       type = EXCLUDED.type, title = EXCLUDED.title, organisation = EXCLUDED.organisation,
       organisation_type = EXCLUDED.organisation_type, region = EXCLUDED.region, year = EXCLUDED.year,
       end_year = EXCLUDED.end_year, policy_area = EXCLUDED.policy_area, innovation_type = EXCLUDED.innovation_type,
       methods = EXCLUDED.methods, status = EXCLUDED.status, contact = EXCLUDED.contact,
       source_url = EXCLUDED.source_url, tags = EXCLUDED.tags, audience = EXCLUDED.audience, author = EXCLUDED.author,
       summary = EXCLUDED.summary, body = EXCLUDED.body, source_path = EXCLUDED.source_path,
       source_format = EXCLUDED.source_format, content_hash = EXCLUDED.content_hash,
       chunk_count = EXCLUDED.chunk_count, updated_at = now()`,
    [
      doc.id,
      doc.type,
      doc.title,
      doc.organisation ?? null,
      doc.organisationType ?? null,
      doc.region ?? null,
      doc.year ?? null,
      doc.endYear ?? null,
      doc.policyArea ?? null,
      doc.innovationType,
      doc.methods,
      doc.status ?? null,
      doc.contact && Object.keys(doc.contact).length > 0 ? JSON.stringify(doc.contact satisfies Contact) : null,
      doc.sourceUrl ?? null,
      doc.tags,
      doc.audience,
      doc.author ?? null,
      write.summary,
      doc.body,
      doc.sourcePath,
      doc.sourceFormat,
      write.contentHash,
      write.chunks.length,
    ],
  );
}

/** Rows per INSERT statement: large enough to amortise round trips, small enough for parameter limits. */
const CHUNK_INSERT_BATCH = 100;

async function insertChunks(tx: Queryable, rows: { documentId: string; model: string; chunk: ChunkRecord }[]): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK_INSERT_BATCH) {
    const batch = rows.slice(start, start + CHUNK_INSERT_BATCH);
    const params: unknown[] = [];
    const values = batch.map(({ documentId, model, chunk }) => {
      const base = params.length;
      params.push(documentId, chunk.ordinal, chunk.headingPath, chunk.content, chunk.tokenCount, chunk.context, vectorToSql(chunk.embedding), model);
      const p = (offset: number) => `$${base + offset}`;
      return `(${p(1)}, ${p(2)}, ${p(3)}::text[], ${p(4)}, ${p(5)},
        setweight(to_tsvector('danish', fold_accents(${p(6)})), 'A') || to_tsvector('danish', fold_accents(${p(4)})),
        ${p(7)}::vector, ${p(8)})`;
    });
    await tx.query(
      `INSERT INTO chunks (document_id, ordinal, heading_path, content, token_count, tsv, embedding, embedding_model)
       VALUES ${values.join(',\n')}`,
      params,
    );
  }
}
