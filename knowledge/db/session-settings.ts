/**
 * Settings every database session of the bot gets once, when it connects (pg-db.ts) or opens (pglite-db.ts), so a
 * search does not set them in a transaction of its own (three round trips more per search). Only settings that are
 * right for every statement on the connection belong here: these two act only on a scan of an HNSW index, and the
 * only such scan is the vector search (knowledge/retrieval/vector-search.ts), which re-sorts what it reads.
 * The lexical search's planner settings (no bitmap or sequential scans) would be wrong for other statements and stay
 * in its own transaction.
 */
export const SESSION_SETTINGS: ReadonlyArray<readonly [name: string, value: string]> = [
  // HNSW candidate list size, pgvector's default: 80 cost ~6 ms more at p95 on PGlite for no change in the evaluation.
  ['hnsw.ef_search', '40'],
  // Under filters the index scan goes on until it has enough rows that pass them (pgvector 0.8's iterative scan);
  // relaxed order, because vector-search.ts sorts the rows again.
  ['hnsw.iterative_scan', 'relaxed_order'],
];

/** The settings as `-c name=value` words, for a connection's startup `options`. */
export function sessionSettingsOptions(): string {
  return SESSION_SETTINGS.map(([name, value]) => `-c ${name}=${value}`).join(' ');
}

/** The settings as SET statements, for a session that is already open. */
export function sessionSettingsSql(): string {
  return SESSION_SETTINGS.map(([name, value]) => `SET ${name} = ${value}`).join('; ');
}
