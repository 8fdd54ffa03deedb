/**
 * Migrations live beside the part that owns their tables (knowledge/migrations, bot/store/migrations) and run in one
 * order by number; a database migrated while every file was in knowledge/migrations is left as it is.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATION_FOLDERS } from '../../bot/store/migration-folders.js';
import type { Db } from '../../knowledge/db/db.js';
import { listMigrations, migrate } from '../../knowledge/db/migrate.js';
import { openPgDb } from '../../knowledge/db/pg-db.js';
import { openPgliteDb } from '../../knowledge/db/pglite-db.js';
import { TEST_DATABASE_URL, testDatabases, type TestDatabase } from '../support/test-databases.js';

/** The names `schema_migrations` held on every database migrated before the files moved (all in knowledge/migrations). */
const NAMES_BEFORE_THE_MOVE = [
  '001_documents_and_chunks.sql',
  '002_conversations.sql',
  '003_term_stats.sql',
  '004_escalations.sql',
  '005_handoff.sql',
  '006_slack.sql',
  '007_lexical_weights.sql',
  '008_accent_folding.sql',
  '009_conversation_owner.sql',
  '010_search_statistics_state.sql',
  '011_method_links.sql',
];

/** An empty database (no migrations run) of the given kind. */
async function openEmptyDatabase(kind: TestDatabase['name']): Promise<Db> {
  if (kind === 'pglite') return openPgliteDb(undefined);
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const db = await openPgDb(TEST_DATABASE_URL!, { searchPath: [schema, 'public'] });
  const close = db.close.bind(db);
  db.close = async () => {
    await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await close();
  };
  return db;
}

function folderWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-migrations-'));
  for (const [name, sql] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), sql);
  return dir;
}

describe('migration folders', () => {
  it('should keep the engine tables beside bot/store and the knowledge tables in knowledge, numbers unique across both', async () => {
    const files = await listMigrations(MIGRATION_FOLDERS);
    const where = Object.fromEntries(files.map((f) => [f.name, path.relative(process.cwd(), path.dirname(f.file))]));
    expect(where['001_documents_and_chunks.sql']).toBe('knowledge/migrations');
    expect(where['002_conversations.sql']).toBe('bot/store/migrations');
    expect(where['006_slack.sql']).toBe('bot/store/migrations');
    expect(where['008_accent_folding.sql']).toBe('knowledge/migrations');
    expect(files.map((f) => f.name)).toEqual(expect.arrayContaining(NAMES_BEFORE_THE_MOVE));
  });

  it('should refuse two files with the same number, naming both', async () => {
    const a = folderWith({ '950_one.sql': 'SELECT 1' });
    const b = folderWith({ '950_other.sql': 'SELECT 1' });
    await expect(listMigrations([a, b])).rejects.toThrow(/950 is used twice: .*950_one\.sql and .*950_other\.sql/);
  });
});

describe.each(testDatabases)('migrate on $name', ({ name }) => {
  let db: Db;
  beforeAll(async () => {
    db = await openEmptyDatabase(name);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('should leave a database migrated before the files moved as it is: nothing re-run, nothing failing, rows kept', async () => {
    // The layout before the move: every file in one folder, run by the old one-folder migrate.
    const before = folderWith(Object.fromEntries(NAMES_BEFORE_THE_MOVE.map((file) => [file, readMigration(file)])));
    expect((await migrate(db, [before])).applied).toEqual(NAMES_BEFORE_THE_MOVE);
    await db.query(`INSERT INTO conversations (id, channel, external_id) VALUES ('web:kept', 'web', 'kept')`);

    const { applied } = await migrate(db, MIGRATION_FOLDERS);
    expect(applied.filter((file) => NAMES_BEFORE_THE_MOVE.includes(file))).toEqual([]);
    expect((await db.query(`SELECT id FROM conversations WHERE id = 'web:kept'`)).rows).toHaveLength(1);
    expect((await migrate(db, MIGRATION_FOLDERS)).applied).toEqual([]);
  });

  it('should run the pending files of several folders in one order by number', async () => {
    const suffix = randomBytes(4).toString('hex');
    // 903 (folder a) needs the table 902 (folder b) creates: folder by folder it would fail.
    const a = folderWith({
      '901_first.sql': `CREATE TABLE first_${suffix} (id int PRIMARY KEY)`,
      '903_third.sql': `CREATE TABLE third_${suffix} (id int REFERENCES second_${suffix} (id))`,
    });
    const b = folderWith({ '902_second.sql': `CREATE TABLE second_${suffix} (id int PRIMARY KEY REFERENCES first_${suffix} (id))` });
    expect((await migrate(db, [a, b])).applied).toEqual(['901_first.sql', '902_second.sql', '903_third.sql']);
    expect((await migrate(db, [b, a])).applied).toEqual([]);
  });
});

function readMigration(name: string): string {
  for (const folder of MIGRATION_FOLDERS) {
    const file = path.join(folder, name);
    if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
  }
  throw new Error(`${name} is in no migrations folder`);
}
