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

export interface ReplaceOptions {
  /**
   * None of the documents is stored yet (the caller just listed them): skip deleting their old chunks, a statement
   * and its triggers per batch of a first load. Should one be stored after all (another ingest at the same time),
   * its chunk 0 collides with the unique (document_id, ordinal) and the whole batch rolls back.
   */
  allNew?: boolean;
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
export async function replaceDocuments(db: Db, writes: DocumentWrite[], options: ReplaceOptions = {}): Promise<void> {
  if (writes.length === 0) return;
  await db.transaction(async (tx) => {
    // A lost commit after a crash is safe here: the ingest finds the document unchanged-or-old by its content hash
    // and writes it again. Not waiting for the disk flush of every batch's commit saves a few ms per batch.
    await tx.exec('SET LOCAL synchronous_commit = off');
    if (!options.allNew) {
      await tx.query('DELETE FROM chunks WHERE document_id = ANY($1::text[])', [writes.map((write) => write.document.id)]);
    }
    await upsertDocumentRows(tx, writes);
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

/** Chunks stored per document, for the given ids (a document without chunks is absent). */
export async function countChunks(db: Queryable, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const result = await db.query<{ document_id: string; chunks: number }>(
    'SELECT document_id, count(*)::int AS chunks FROM chunks WHERE document_id = ANY($1::text[]) GROUP BY document_id',
    [ids],
  );
  return new Map(result.rows.map((row) => [row.document_id, Number(row.chunks)]));
}

export async function countLibrary(db: Queryable): Promise<{ documents: number; chunks: number }> {
  const result = await db.query<{ documents: number; chunks: number }>(
    'SELECT (SELECT count(*)::int FROM documents) AS documents, (SELECT count(*)::int FROM chunks) AS chunks',
  );
  return result.rows[0] ?? { documents: 0, chunks: 0 };
}

/** Inserts or updates the documents' rows in one statement (one JSON parameter, so it is the same SQL for any count). */
async function upsertDocumentRows(tx: Queryable, writes: DocumentWrite[]): Promise<void> {
  const rows = writes.map((write) => {
    const doc = write.document;
    return {
      id: doc.id,
      type: doc.type,
      title: doc.title,
      organisation: doc.organisation ?? null,
      organisation_type: doc.organisationType ?? null,
      region: doc.region ?? null,
      year: doc.year ?? null,
      end_year: doc.endYear ?? null,
      policy_area: doc.policyArea ?? null,
      innovation_type: doc.innovationType,
      methods: doc.methods,
      status: doc.status ?? null,
      contact: doc.contact && Object.keys(doc.contact).length > 0 ? (doc.contact satisfies Contact) : null,
      source_url: doc.sourceUrl ?? null,
      tags: doc.tags,
      audience: doc.audience,
      author: doc.author ?? null,
      summary: write.summary,
      body: doc.body,
      source_path: doc.sourcePath,
      source_format: doc.sourceFormat,
      content_hash: write.contentHash,
      chunk_count: write.chunks.length,
    };
  });
  await tx.query(
    `INSERT INTO documents (
       id, type, title, organisation, organisation_type, region, year, end_year, policy_area, innovation_type,
       methods, status, contact, source_url, tags, audience, author, summary, body, source_path, source_format,
       content_hash, chunk_count, updated_at)
     SELECT id, type, title, organisation, organisation_type, region, year, end_year, policy_area, innovation_type,
       methods, status, contact, source_url, tags, audience, author, summary, body, source_path, source_format,
       content_hash, chunk_count, now()
     FROM jsonb_to_recordset($1::jsonb) AS r(
       id text, type text, title text, organisation text, organisation_type text, region text, year integer,
       end_year integer, policy_area text, innovation_type text[], methods text[], status text, contact jsonb,
       source_url text, tags text[], audience text, author text, summary text, body text, source_path text,
       source_format text, content_hash text, chunk_count integer)
     ON CONFLICT (id) DO UPDATE SET
       type = EXCLUDED.type, title = EXCLUDED.title, organisation = EXCLUDED.organisation,
       organisation_type = EXCLUDED.organisation_type, region = EXCLUDED.region, year = EXCLUDED.year,
       end_year = EXCLUDED.end_year, policy_area = EXCLUDED.policy_area, innovation_type = EXCLUDED.innovation_type,
       methods = EXCLUDED.methods, status = EXCLUDED.status, contact = EXCLUDED.contact,
       source_url = EXCLUDED.source_url, tags = EXCLUDED.tags, audience = EXCLUDED.audience, author = EXCLUDED.author,
       summary = EXCLUDED.summary, body = EXCLUDED.body, source_path = EXCLUDED.source_path,
       source_format = EXCLUDED.source_format, content_hash = EXCLUDED.content_hash,
       chunk_count = EXCLUDED.chunk_count, updated_at = now()`,
    [JSON.stringify(rows)],
  );
}

/**
 * Inserts all the chunks in one statement: one array parameter per column, unnested in SQL (the same SQL on PGlite
 * and node-postgres, and no parameter limit). The postings trigger (migration 012) then runs once for them all.
 * heading_path travels as JSON per row, since Postgres arrays cannot be ragged.
 */
async function insertChunks(tx: Queryable, rows: { documentId: string; model: string; chunk: ChunkRecord }[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO chunks (document_id, ordinal, heading_path, content, token_count, tsv, embedding, embedding_model)
     SELECT r.document_id, r.ordinal, ARRAY(SELECT jsonb_array_elements_text(r.heading_path::jsonb)), r.content, r.token_count,
       setweight(to_tsvector('danish', fold_accents(r.context)), 'A') || to_tsvector('danish', fold_accents(r.content)),
       r.embedding::vector, r.model
     FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[])
       AS r(document_id, ordinal, heading_path, content, token_count, context, embedding, model)`,
    [
      rows.map((row) => row.documentId),
      rows.map((row) => row.chunk.ordinal),
      rows.map((row) => JSON.stringify(row.chunk.headingPath)),
      rows.map((row) => row.chunk.content),
      rows.map((row) => row.chunk.tokenCount),
      rows.map((row) => row.chunk.context),
      rows.map((row) => vectorToSql(row.chunk.embedding)),
      rows.map((row) => row.model),
    ],
  );
}
