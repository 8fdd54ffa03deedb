/**
 * `npm run backup -- <file>`: a consistent backup of the embedded database (DATA_DIR) to a new file, also while the
 * server runs (through its socket). For Postgres (DATABASE_URL) use pg_dump. See knowledge/db/backup.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/env.js';
import { openDatabase } from '../knowledge/index.js';
import { backupDatabase, BackupRefusedError, type BackupSummary } from '../knowledge/db/backup.js';
import { readDataDirLock } from '../knowledge/db/data-dir-lock.js';
import { MIGRATION_FOLDERS } from '../bot/store/migration-folders.js';
import { isMainModule, runCli, UsageError } from './lib/run-cli.js';

export const BACKUP_USAGE = 'Brug: npm run backup -- <fil>   (fx npm run backup -- backup/kraftcenter-2026-12-05.jsonl.gz)';

/** The rows of the tables people ask about first, then the total. */
export function describeRows(summary: BackupSummary): string {
  const rows = summary.rows;
  const total = Object.values(rows).reduce((sum, n) => sum + n, 0);
  const named = ['documents', 'chunks', 'conversations', 'messages', 'escalations', 'advisers']
    .filter((table) => table in rows)
    .map((table) => `${table} ${rows[table]}`);
  return `${total} rækker i ${Object.keys(rows).length} tabeller (${named.join(', ')})`;
}

if (isMainModule(import.meta.url)) {
  runCli(async () => {
    const [file, extra] = process.argv.slice(2);
    if (!file || file === '--help' || file === '-h') throw new UsageError(BACKUP_USAGE);
    if (extra) throw new UsageError(`uventet argument: ${extra}.\n${BACKUP_USAGE}`);
    const config = loadConfig();
    if (config.database.kind === 'postgres') {
      throw new BackupRefusedError('DATABASE_URL er sat: tag sikkerhedskopien af PostgreSQL med pg_dump (og gendan med pg_restore); npm run backup gælder den indbyggede database.');
    }
    const { dataDir } = config.database;
    if (!fs.existsSync(path.join(dataDir, 'PG_VERSION')) && !readDataDirLock(dataDir)) {
      throw new BackupRefusedError(`der er ingen database i DATA_DIR (${dataDir}).`);
    }
    const db = await openDatabase(config.database, { migrations: MIGRATION_FOLDERS });
    try {
      const summary = await backupDatabase(db, path.resolve(file));
      const how = db.sharedByServer ? ` gennem den kørende server (pid ${db.sharedByServer.pid})` : '';
      console.log(`Sikkerhedskopi skrevet til ${summary.file}${how}: ${describeRows(summary)}.`);
      console.log(`Gendan den i en tom mappe med: DATA_DIR=<ny mappe> npm run restore -- ${file}`);
    } finally {
      await db.close();
    }
  });
}
