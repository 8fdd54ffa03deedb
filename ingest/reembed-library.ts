/**
 * Re-embeds every stored chunk with the configured model, from the text already in the database (the library files
 * are not needed). Resumable: chunks already carrying the new model are skipped, so an interrupted run continues.
 */
import type { Db } from '../knowledge/db/db.js';
import { vectorToSql } from '../knowledge/store/vector-sql.js';
import type { Embedder } from '../knowledge/embeddings/embedder.js';
import { embedAll } from '../knowledge/embeddings/embed-in-batches.js';
import { ensureEmbeddingIndex, writeEmbeddingModel } from '../knowledge/store/embedding-settings.js';
import { embeddingText } from './document-profile.js';

export interface ReembedSummary {
  chunks: number;
  seconds: number;
}

export async function reembedLibrary(
  deps: { db: Db; embedder: Embedder },
  options: { batchSize?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<ReembedSummary> {
  const started = performance.now();
  const { db, embedder } = deps;
  const batchSize = options.batchSize ?? Math.max(embedder.maxInputsPerCall, 64);
  const pending = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM chunks WHERE embedding_model <> $1', [
    embedder.modelId,
  ]);
  const total = pending.rows[0]?.n ?? 0;
  // The old index has the old dimension; drop every embedding index and build the right one at the end.
  const indexes = await db.query<{ indexname: string }>(
    "SELECT indexname FROM pg_indexes WHERE tablename = 'chunks' AND indexname LIKE 'chunks_embedding_hnsw_%' AND schemaname = current_schema()",
  );
  for (const row of indexes.rows) await db.exec(`DROP INDEX IF EXISTS ${row.indexname}`);

  let done = 0;
  for (;;) {
    const batch = await db.query<{ id: string | number; title: string; organisation: string | null; heading_path: string[]; content: string }>(
      `SELECT c.id, d.title, d.organisation, c.heading_path, c.content
       FROM chunks c JOIN documents d ON d.id = c.document_id
       WHERE c.embedding_model <> $1 ORDER BY c.id LIMIT $2`,
      [embedder.modelId, batchSize],
    );
    if (batch.rows.length === 0) break;
    const vectors = await embedAll(
      embedder,
      batch.rows.map((row) =>
        embeddingText({ title: row.title, organisation: row.organisation ?? undefined }, row.heading_path ?? [], row.content),
      ),
      { purpose: 'document' },
    );
    await db.query(
      `UPDATE chunks c SET embedding = v.embedding::vector, embedding_model = $1
       FROM unnest($2::bigint[], $3::text[]) AS v(id, embedding) WHERE c.id = v.id`,
      [embedder.modelId, batch.rows.map((row) => String(row.id)), vectors.map(vectorToSql)],
    );
    done += batch.rows.length;
    options.onProgress?.(done, total);
  }
  await writeEmbeddingModel(db, { modelId: embedder.modelId, dimensions: embedder.dimensions });
  await ensureEmbeddingIndex(db, embedder.dimensions);
  await db.exec('VACUUM ANALYZE chunks');
  return { chunks: done, seconds: (performance.now() - started) / 1000 };
}
