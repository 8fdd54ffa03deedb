/**
 * The idf weights of keyword search (`term_stats`) and keeping them in step with the chunks. An ingest refreshes
 * them after writing; a search first makes sure they are not empty or older than the last change of the chunks'
 * text (an ingest killed in between leaves them so), at most once every few seconds per process.
 */
import type { Db, Queryable } from '../db/db.js';

/** An arbitrary constant: the advisory lock that lets one process at a time rebuild term_stats. */
const REFRESH_LOCK_KEY = 74_657_010;

/** How long a check that found the statistics fresh is trusted in this process before the next search checks again. */
export const SEARCH_STATISTICS_CHECK_INTERVAL_MS = 10_000;

/**
 * One query: true when term_stats is behind the chunks (a chunk write since the last refresh, no refresh since the
 * upgrade, the state row missing) or empty while there are chunks.
 */
const STALE = `SELECT coalesce((SELECT s.refreshed_version IS DISTINCT FROM s.chunk_version FROM search_statistics s), true)
    OR (NOT EXISTS (SELECT 1 FROM term_stats) AND EXISTS (SELECT 1 FROM chunks)) AS stale`;

async function isStale(q: Queryable): Promise<boolean> {
  const result = await q.query<{ stale: boolean }>(STALE);
  return result.rows[0]?.stale === true;
}

/** Rebuilds term_stats in the caller's transaction (holding the refresh lock) and records which chunk version it saw. */
async function rebuild(tx: Queryable): Promise<void> {
  // Read first: a chunk write committed after this makes the next check refresh again, never the other way round.
  const state = await tx.query<{ chunk_version: string | number }>('SELECT chunk_version FROM search_statistics');
  const seen = state.rows[0]?.chunk_version ?? 1;
  await tx.exec('DELETE FROM term_stats');
  // BM25's idf, ln(1 + (N - df + 0.5) / (df + 0.5)), over all chunks.
  await tx.exec(
    `INSERT INTO term_stats (lexeme, df, idf)
     SELECT s.word, s.ndoc, ln(1 + greatest(total.n - s.ndoc, 0) / (s.ndoc + 0.5) + 0.5 / (s.ndoc + 0.5))
     FROM ts_stat('SELECT tsv FROM chunks') AS s
     CROSS JOIN (SELECT greatest(count(*), 1)::float8 AS n FROM chunks) AS total`,
  );
  await tx.query(
    `INSERT INTO search_statistics (singleton, chunk_version, refreshed_version) VALUES (true, $1, $1)
     ON CONFLICT (singleton) DO UPDATE SET refreshed_version = $1`,
    [seen],
  );
}

/**
 * The planner's statistics, the GIN index's pending list, and the postings' visibility map, none of which PGlite
 * (no autovacuum) ever updates by itself: without the map, keyword search's index-only reads of the postings
 * (lexical-search.ts) visit the table for every posting; and Postgres's autovacuum may come minutes later.
 */
async function analyse(db: Db): Promise<void> {
  await db.exec('VACUUM ANALYZE chunks');
  await db.exec('VACUUM ANALYZE chunk_terms');
  await db.exec('ANALYZE documents');
  await db.exec('ANALYZE term_stats');
}

/**
 * Recomputes the lexeme document frequencies and idf weights from the chunks' full-text vectors and refreshes the
 * planner's statistics. Call after writing chunks. One process at a time (an advisory lock); the others wait.
 */
export async function refreshSearchStatistics(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [REFRESH_LOCK_KEY]);
    await rebuild(tx);
  });
  await analyse(db);
}

/**
 * Refreshes the search statistics when they are empty or older than the last change of the chunks' text; returns
 * whether it did. Several processes may call it at once: the first rebuilds, the others find them fresh.
 */
export async function refreshSearchStatisticsIfStale(db: Db): Promise<boolean> {
  if (!(await isStale(db))) return false;
  const refreshed = await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [REFRESH_LOCK_KEY]);
    if (!(await isStale(tx))) return false;
    await rebuild(tx);
    return true;
  });
  if (refreshed) await analyse(db);
  return refreshed;
}

interface CheckState {
  checkedAt: number;
  pending?: Promise<void>;
}

const checks = new WeakMap<object, CheckState>();

/**
 * What a search calls first: {@link refreshSearchStatisticsIfStale}, at most once every
 * {@link SEARCH_STATISTICS_CHECK_INTERVAL_MS} per database in this process (one cheap query when fresh); concurrent
 * searches wait for the same check. Given a transaction rather than the database, it does nothing. A failed check
 * or refresh does not fail the search (it runs on the statistics there are) and is tried again by the next search.
 */
export async function ensureSearchStatistics(db: Queryable, now: () => number = Date.now): Promise<void> {
  if (!isDb(db)) return;
  const state = checks.get(db) ?? { checkedAt: Number.NEGATIVE_INFINITY };
  checks.set(db, state);
  if (state.pending) return state.pending;
  if (now() - state.checkedAt < SEARCH_STATISTICS_CHECK_INTERVAL_MS) return;
  state.pending = refreshSearchStatisticsIfStale(db).then(
    () => {
      state.checkedAt = now();
    },
    () => undefined, // best effort: searching on stale weights beats failing the user's question
  );
  try {
    await state.pending;
  } finally {
    state.pending = undefined;
  }
}

function isDb(q: Queryable): q is Db {
  return typeof (q as Partial<Db>).transaction === 'function' && typeof (q as Partial<Db>).kind === 'string';
}
