import type { Db } from '../db/db.js';

/**
 * Recomputes the lexeme document frequencies and idf weights from the chunks' full-text vectors and refreshes the planner's
 * statistics (and the GIN index's pending list, which PGlite never cleans by itself). Call after writing chunks.
 */
export async function refreshSearchStatistics(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.exec('DELETE FROM term_stats');
    // BM25's idf, ln(1 + (N - df + 0.5) / (df + 0.5)), over all chunks.
    await tx.exec(
      `INSERT INTO term_stats (lexeme, df, idf)
       SELECT s.word, s.ndoc, ln(1 + greatest(total.n - s.ndoc, 0) / (s.ndoc + 0.5) + 0.5 / (s.ndoc + 0.5))
       FROM ts_stat('SELECT tsv FROM chunks') AS s
       CROSS JOIN (SELECT greatest(count(*), 1)::float8 AS n FROM chunks) AS total`,
    );
  });
  await db.exec('VACUUM ANALYZE chunks');
  await db.exec('ANALYZE documents');
  await db.exec('ANALYZE term_stats');
}
