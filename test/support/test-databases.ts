/**
 * The databases every store, ingest, retrieval and engine suite runs on: always PGlite, and native Postgres too when
 * TEST_DATABASE_URL is set (CI sets it). Use with `describe.each(testDatabases)`.
 */
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from '../../knowledge/db/db.js';
import { migrate } from '../../knowledge/db/migrate.js';
import { MIGRATION_FOLDERS } from '../../bot/store/migration-folders.js';
import { openPgDb } from '../../knowledge/db/pg-db.js';
import { openPgliteDb } from '../../knowledge/db/pglite-db.js';
import { ensurePgliteTemplate } from './pglite-template.js';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated, isolated database; close it in afterAll. */
  open(): Promise<Db>;
}

const pgliteDatabase: TestDatabase = {
  name: 'pglite',
  async open() {
    const file = await ensurePgliteTemplate();
    const db = await openPgliteDb(undefined, { loadDataDir: new Blob([fs.readFileSync(file)]) });
    await migrate(db, MIGRATION_FOLDERS);
    return db;
  },
};

/** Each open() gets its own schema, dropped on close, so test files can run in parallel on one server. */
function postgresDatabase(url: string): TestDatabase {
  return {
    name: 'postgres',
    async open() {
      const schema = `test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      await admin.end();
      const db = await openPgDb(url, { searchPath: [schema, 'public'], maxConnections: 25 });
      await migrate(db, MIGRATION_FOLDERS);
      const close = db.close.bind(db);
      db.close = async () => {
        await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
        await close();
      };
      return db;
    },
  };
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;

export const testDatabases: TestDatabase[] = TEST_DATABASE_URL
  ? [pgliteDatabase, postgresDatabase(TEST_DATABASE_URL)]
  : [pgliteDatabase];
