import type { Db } from '../db/db.js';

/**
 * Recomputes the lexeme document frequencies from the chunks' full-text vectors and refreshes the planner's
 * statistics (and the GIN index's pending list, which PGlite never cleans by itself). Call after writing chunks.
 */
export async function refreshSearchStatistics(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.exec('DELETE FROM term_stats');
    await tx.exec(`INSERT INTO term_stats (lexeme, df) SELECT word, ndoc FROM ts_stat('SELECT tsv FROM chunks')`);
  });
  await db.exec('VACUUM ANALYZE chunks');
  await db.exec('ANALYZE documents');
  await db.exec('ANALYZE term_stats');
}
