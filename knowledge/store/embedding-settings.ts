/**
 * Guards the one-model-per-database rule: every chunk's embedding comes from the same model, recorded in
 * `knowledge_settings`, because vectors from two models cannot be compared.
 */
import { AppError } from '../../config/app-error.js';
import type { Db, Queryable } from '../db/db.js';

const MODEL_KEY = 'embedding_model';
const DIMENSIONS_KEY = 'embedding_dimensions';

export interface EmbeddingModelInfo {
  modelId: string;
  dimensions: number;
}

/** The configured model differs from the one the database was built with. */
export class EmbeddingModelMismatchError extends AppError<'knowledge.embedding_model_mismatch'> {
  constructor(
    readonly stored: EmbeddingModelInfo,
    readonly configured: EmbeddingModelInfo,
  ) {
    super(
      'knowledge.embedding_model_mismatch',
      `The database was embedded with "${stored.modelId}" but the settings now give "${configured.modelId}". ` +
        'Vectors from different models cannot be compared. Either restore the previous embedding settings ' +
        '(EMBEDDING_PROVIDER, EMBEDDING_MODEL, EMBEDDING_DIMENSIONS), or re-embed the library with the new model: ' +
        'npm run ingest -- --reembed',
    );
  }
}

export async function readEmbeddingModel(db: Queryable): Promise<EmbeddingModelInfo | undefined> {
  const result = await db.query<{ key: string; value: string }>(
    'SELECT key, value FROM knowledge_settings WHERE key = ANY($1::text[])',
    [[MODEL_KEY, DIMENSIONS_KEY]],
  );
  const values = new Map(result.rows.map((row) => [row.key, row.value]));
  const modelId = values.get(MODEL_KEY);
  if (!modelId) return undefined;
  return { modelId, dimensions: Number(values.get(DIMENSIONS_KEY) ?? 0) };
}

export async function writeEmbeddingModel(db: Queryable, info: EmbeddingModelInfo): Promise<void> {
  for (const [key, value] of [
    [MODEL_KEY, info.modelId],
    [DIMENSIONS_KEY, String(info.dimensions)],
  ] as const) {
    await db.query(
      `INSERT INTO knowledge_settings (key, value) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [key, value],
    );
  }
}

/**
 * Makes sure the database uses `configured`: records it on an empty database, accepts it when it matches, and
 * otherwise throws, so no command mixes vectors of two models.
 * @throws EmbeddingModelMismatchError
 */
export async function ensureEmbeddingModel(db: Db, configured: EmbeddingModelInfo): Promise<void> {
  const stored = await readEmbeddingModel(db);
  if (stored && stored.modelId !== configured.modelId) {
    const chunks = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM chunks');
    if ((chunks.rows[0]?.n ?? 0) > 0) throw new EmbeddingModelMismatchError(stored, configured);
  }
  if (!stored || stored.modelId !== configured.modelId) await writeEmbeddingModel(db, configured);
  await ensureEmbeddingIndex(db, configured.dimensions);
}

/** Name of the HNSW index for a dimension; the column is untyped, so the index is on `embedding::vector(n)`. */
export function embeddingIndexName(dimensions: number): string {
  return `chunks_embedding_hnsw_${dimensions}`;
}

/** Creates the HNSW index for `dimensions` and drops indexes built for other dimensions. */
export async function ensureEmbeddingIndex(db: Queryable, dimensions: number): Promise<void> {
  const wanted = embeddingIndexName(dimensions);
  const existing = await db.query<{ indexname: string }>(
    "SELECT indexname FROM pg_indexes WHERE tablename = 'chunks' AND indexname LIKE 'chunks_embedding_hnsw_%' AND schemaname = current_schema()",
  );
  for (const row of existing.rows) {
    if (row.indexname !== wanted) await db.exec(`DROP INDEX IF EXISTS ${row.indexname}`);
  }
  if (!existing.rows.some((row) => row.indexname === wanted)) {
    await db.exec(
      `CREATE INDEX IF NOT EXISTS ${wanted} ON chunks USING hnsw ((embedding::vector(${dimensions})) vector_cosine_ops)`,
    );
  }
}

/**
 * Memory for building the HNSW index after a bulk load on a Postgres server. With the default 64 MB the graph of
 * 100,000 chunks at 384 dimensions does not fit, and pgvector finishes the build on disk, several times slower
 * (most of the index's 36 s there). Only for that one statement (SET LOCAL), and not on PGlite, whose memory is
 * this process's own.
 */
const BULK_INDEX_BUILD_MEMORY = '512MB';

/** Builds the HNSW index once after a bulk load (see {@link dropEmbeddingIndex}), with room for its graph on Postgres. */
export async function rebuildEmbeddingIndex(db: Db, dimensions: number): Promise<void> {
  if (db.kind !== 'postgres') return ensureEmbeddingIndex(db, dimensions);
  await db.transaction(async (tx) => {
    await tx.exec(`SET LOCAL maintenance_work_mem = '${BULK_INDEX_BUILD_MEMORY}'`);
    await ensureEmbeddingIndex(tx, dimensions);
  });
}

/** Drops the HNSW index (bulk loads are faster building it afterwards). */
export async function dropEmbeddingIndex(db: Queryable, dimensions: number): Promise<void> {
  await db.exec(`DROP INDEX IF EXISTS ${embeddingIndexName(dimensions)}`);
}
