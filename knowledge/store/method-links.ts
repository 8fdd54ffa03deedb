/**
 * The method links: which documents used which method document (see migration 011). Written after each ingest by
 * `ingest/link-methods.ts`, read by the method answer ("cases that used it").
 */
import type { Audience } from '../documents/library-document.js';
import type { Queryable } from '../db/db.js';
import { DOCUMENT_COLUMNS, toDocumentSummary, type DocumentColumnsRow } from '../retrieval/document-columns.js';
import type { DocumentSummary } from '../retrieval/search-types.js';

/**
 * Replaces the stored aliases of each given method id (keys already normalised by the caller; an empty list removes
 * them). Two statements for any number of documents, so an ingest of thousands costs no more round trips than one.
 */
export async function replaceMethodAliases(db: Queryable, aliases: { methodId: string; aliasKeys: string[] }[]): Promise<void> {
  if (aliases.length === 0) return;
  await db.query('DELETE FROM method_aliases WHERE method_id = ANY($1::text[])', [aliases.map((entry) => entry.methodId)]);
  const pairs = aliases.flatMap((entry) => [...new Set(entry.aliasKeys)].map((key) => [entry.methodId, key] as const));
  if (pairs.length === 0) return;
  await db.query(
    `INSERT INTO method_aliases (method_id, alias_key) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`,
    [pairs.map(([id]) => id), pairs.map(([, key]) => key)],
  );
}

/** Every method document (id, title) with its stored alias keys. */
export async function listMethodNames(db: Queryable): Promise<{ id: string; title: string; aliasKeys: string[] }[]> {
  const result = await db.query<{ id: string; title: string; alias_keys: string[] | null }>(
    `SELECT d.id, d.title, array_remove(array_agg(a.alias_key), NULL) AS alias_keys
       FROM documents d LEFT JOIN method_aliases a ON a.method_id = d.id
      WHERE d.type = 'method' GROUP BY d.id, d.title`,
  );
  return result.rows.map((row) => ({ id: row.id, title: row.title, aliasKeys: row.alias_keys ?? [] }));
}

/** Every non-method document's id and front-matter `methods`. */
export async function listDocumentMethods(db: Queryable): Promise<{ id: string; methods: string[] }[]> {
  const result = await db.query<{ id: string; methods: string[] }>(
    `SELECT id, methods FROM documents WHERE type <> 'method' AND cardinality(methods) > 0`,
  );
  return result.rows;
}

/** Replaces all links at once (the library is small; a full rewrite keeps them exactly in step). */
export async function replaceMethodLinks(
  db: Queryable,
  links: { documentId: string; methodId: string; methodName: string }[],
): Promise<void> {
  await db.query('DELETE FROM method_links');
  if (links.length === 0) return;
  await db.query(
    `INSERT INTO method_links (document_id, method_id, method_name)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
    [links.map((link) => link.documentId), links.map((link) => link.methodId), links.map((link) => link.methodName)],
  );
}

/** The cases linked to `methodId` that `audience` may see, newest first. */
export async function listCasesUsingMethod(db: Queryable, methodId: string, audience: Audience): Promise<DocumentSummary[]> {
  const result = await db.query<DocumentColumnsRow>(
    `SELECT ${DOCUMENT_COLUMNS}
       FROM method_links l JOIN documents d ON d.id = l.document_id
      WHERE l.method_id = $1 AND d.type = 'case' AND ($2 = 'internal' OR d.audience = 'public')
      ORDER BY d.year DESC NULLS LAST, d.id`,
    [methodId, audience],
  );
  return result.rows.map(toDocumentSummary);
}
