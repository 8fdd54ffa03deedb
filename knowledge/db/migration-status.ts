/**
 * Whether a database is migrated as far as this program's files go, for readiness checks: the newest migration file
 * is recorded in `schema_migrations`. The file list is read once per process (the files do not change while it
 * runs); the check itself is one indexed lookup.
 */
import type { Queryable } from './db.js';
import { listMigrations } from './migrate.js';

export interface MigrationStatus {
  /** The newest migration file's name (what `schema_migrations` records); undefined when there are no files. */
  newest?: string;
  /** Whether the database records it. */
  recorded: boolean;
}

const newestByFolders = new Map<string, Promise<string | undefined>>();

/**
 * Reads the status. A database that cannot be queried throws (the caller reports the database, not the schema).
 *
 * @example
 * const { newest, recorded } = await migrationStatus(db, MIGRATION_FOLDERS);
 */
export async function migrationStatus(db: Queryable, folders: readonly string[]): Promise<MigrationStatus> {
  const key = folders.join('\n');
  let newest = newestByFolders.get(key);
  if (!newest) {
    newest = listMigrations(folders).then((files) => files.at(-1)?.name);
    newest.catch(() => newestByFolders.delete(key));
    newestByFolders.set(key, newest);
  }
  const name = await newest;
  if (name === undefined) return { recorded: true };
  const result = await db.query('SELECT 1 FROM schema_migrations WHERE name = $1', [name]);
  return { newest: name, recorded: result.rows.length > 0 };
}
