/**
 * Schema migrations. Each part of the product keeps the migrations of the tables it owns beside its store: the
 * knowledge base's (documents, chunks, search statistics) in knowledge/migrations, the engine's (conversations,
 * escalations, outbox, advisers, channel state) in bot/store/migrations. Numbers are global: `014_…sql` is unique
 * across every folder, and all pending files run in one order by number.
 *
 * Layering: knowledge must not import from bot, so this module knows only its own folder. The caller passes the
 * folders it needs: the composition (server, CLIs that run the engine, tests) passes bot's `MIGRATION_FOLDERS`
 * (bot/store/migration-folders.ts), which lists both; a process that uses the knowledge base alone (ingest, search)
 * migrates the knowledge tables only. That is safe because a migration refers only to tables of its own part or of
 * a part below it (bot may refer to knowledge tables, never the other way), so whichever process runs first, each
 * file still finds what it needs.
 *
 * A file is recorded in `schema_migrations` by its name alone, not its folder: moving a file between folders (as
 * 002, 004, 005, 006 and 009 moved to bot/store/migrations) neither re-runs it nor fails on a database that ran it.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.js';

/** The knowledge base's own migrations folder. */
export const KNOWLEDGE_MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations');

/** An arbitrary constant: the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK_KEY = 74_657_001;

export interface MigrationResult {
  applied: string[];
}

/** One migration file: its name (what `schema_migrations` records) and where it is. */
export interface MigrationFile {
  name: string;
  file: string;
}

const NUMBERED = /^(\d+)_.+\.sql$/;

/**
 * The `.sql` files of `folders` in one order by number (then name).
 * @throws Error when a file is not numbered (`NNN_name.sql`) or two files share a number, naming both.
 */
export async function listMigrations(folders: readonly string[]): Promise<MigrationFile[]> {
  const files: MigrationFile[] = [];
  for (const folder of new Set(folders.map((folder) => path.resolve(folder)))) {
    for (const name of await fs.readdir(folder)) {
      if (!name.endsWith('.sql')) continue;
      if (!NUMBERED.test(name)) throw new Error(`migration ${path.join(folder, name)}: the name must start with its number (NNN_name.sql)`);
      files.push({ name, file: path.join(folder, name) });
    }
  }
  const number = (file: MigrationFile) => Number(NUMBERED.exec(file.name)![1]);
  files.sort((a, b) => number(a) - number(b) || a.name.localeCompare(b.name));
  for (let i = 1; i < files.length; i++) {
    if (number(files[i]!) === number(files[i - 1]!)) {
      throw new Error(`migration number ${number(files[i]!)} is used twice: ${files[i - 1]!.file} and ${files[i]!.file}; give one the next free number`);
    }
  }
  return files;
}

/**
 * Applies every migration of `folders` not yet recorded in `schema_migrations`, in order by number, each in its own
 * transaction. Idempotent; safe when several bot processes start at once (an advisory lock serialises them).
 *
 * @param folders the migrations folders to run (default: the knowledge base's own; see the module comment)
 * @example
 * await migrate(db, MIGRATION_FOLDERS); // bot/store/migration-folders.ts: knowledge's and the engine's
 */
export async function migrate(db: Db, folders: readonly string[] = [KNOWLEDGE_MIGRATIONS_DIR]): Promise<MigrationResult> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied: string[] = [];
  for (const { name, file } of await listMigrations(folders)) {
    const sql = await fs.readFile(file, 'utf8');
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE name = $1', [name]);
      if (done.rows.length > 0) return false;
      await tx.exec(sql);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
      return true;
    });
    if (ran) applied.push(name);
  }
  return { applied };
}
