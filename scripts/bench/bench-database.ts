/**
 * A fresh, migrated database for one benchmark run: PGlite in a temp folder, or its own schema on native Postgres.
 * `cleanup()` removes it again.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Db } from '../../knowledge/db/db.js';
import { migrate } from '../../knowledge/db/migrate.js';
import { MIGRATION_FOLDERS } from '../../bot/store/migration-folders.js';
import { openPgDb } from '../../knowledge/db/pg-db.js';
import { openPgliteDb } from '../../knowledge/db/pglite-db.js';

export async function openBenchDatabase(kind: 'pglite' | 'postgres', url?: string): Promise<{ db: Db; cleanup(): Promise<void> }> {
  if (kind === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-bench-db-'));
    const db = await openPgliteDb(dir);
    await migrate(db, MIGRATION_FOLDERS);
    return {
      db,
      cleanup: async () => {
        await db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!url) throw new Error('a Postgres benchmark needs DATABASE_URL or TEST_DATABASE_URL');
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const db = await openPgDb(url, { searchPath: [schema, 'public'] });
  await migrate(db, MIGRATION_FOLDERS);
  return {
    db,
    cleanup: async () => {
      await db.exec(`DROP SCHEMA ${schema} CASCADE`);
      await db.close();
    },
  };
}
