import type { DatabaseConfig } from '../../config/env.js';
import type { Db } from './db.js';
import { migrate } from './migrate.js';
import { openPgDb } from './pg-db.js';
import { openPgliteDb } from './pglite-db.js';

/** Opens the configured database (Postgres when a URL is set, else PGlite) and brings its schema up to date. */
export async function openDatabase(config: DatabaseConfig): Promise<Db> {
  const db = config.kind === 'postgres' && config.url ? await openPgDb(config.url) : await openPgliteDb(config.dataDir);
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return db;
}
