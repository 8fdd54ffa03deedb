/**
 * Secondary indexes of `chunks` that a bulk load drops and builds once at its end, like the HNSW index
 * (embedding-settings.ts): building the full-text GIN index from the finished table takes about 0.15 s at 10,000
 * chunks, while maintaining it row by row cost the ingest about 1 s of the database's CPU.
 *
 * Each dropped index's definition (as `pg_indexes` gives it) is kept in `knowledge_settings` in the same transaction
 * as the drop, so a load that is killed before its end leaves the way back: the next ingest restores it first.
 */
import type { Db } from '../db/db.js';

/** Indexes on `chunks` that only make reads faster (no constraint behind them). */
const DEFERRABLE_INDEXES = ['chunks_tsv_idx'];

const SETTING_PREFIX = 'deferred_index:';

/** Drops the deferrable indexes that exist, keeping their definitions for {@link restoreDeferredIndexes}. */
export async function deferChunkIndexes(db: Db): Promise<void> {
  const existing = await db.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes
     WHERE tablename = 'chunks' AND schemaname = current_schema() AND indexname = ANY($1::text[])`,
    [DEFERRABLE_INDEXES],
  );
  for (const { indexname, indexdef } of existing.rows) {
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO knowledge_settings (key, value) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
        [SETTING_PREFIX + indexname, indexdef],
      );
      await tx.exec(`DROP INDEX IF EXISTS ${indexname}`);
    });
  }
}

/** Builds every index a bulk load dropped (this one, or an earlier one that was killed), and forgets it. */
export async function restoreDeferredIndexes(db: Db): Promise<void> {
  const deferred = await db.query<{ key: string; value: string }>(
    'SELECT key, value FROM knowledge_settings WHERE key LIKE $1 ORDER BY key',
    [`${SETTING_PREFIX}%`],
  );
  for (const { key, value } of deferred.rows) {
    const name = key.slice(SETTING_PREFIX.length);
    // Only what deferChunkIndexes wrote: an index of ours on chunks, as pg_indexes spells it.
    if (!DEFERRABLE_INDEXES.includes(name) || !value.startsWith(`CREATE INDEX ${name} ON `)) continue;
    await db.transaction(async (tx) => {
      await tx.exec(value.replace(/^CREATE INDEX /, 'CREATE INDEX IF NOT EXISTS '));
      await tx.query('DELETE FROM knowledge_settings WHERE key = $1', [key]);
    });
  }
}
