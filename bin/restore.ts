/**
 * `npm run restore -- <file>`: restores a backup from `npm run backup` into DATA_DIR, which must be empty (or not yet
 * exist). For Postgres (DATABASE_URL) use pg_restore. See knowledge/db/backup.ts.
 */
import path from 'node:path';
import { loadConfig } from '../config/env.js';
import { BackupRefusedError, restoreDatabase } from '../knowledge/db/backup.js';
import { MIGRATION_FOLDERS } from '../bot/store/migration-folders.js';
import { describeRows } from './backup.js';
import { isMainModule, runCli, UsageError } from './lib/run-cli.js';

export const RESTORE_USAGE = 'Brug: DATA_DIR=<tom mappe> npm run restore -- <fil fra npm run backup>';

if (isMainModule(import.meta.url)) {
  runCli(async () => {
    const [file, extra] = process.argv.slice(2);
    if (!file || file === '--help' || file === '-h') throw new UsageError(RESTORE_USAGE);
    if (extra) throw new UsageError(`uventet argument: ${extra}.\n${RESTORE_USAGE}`);
    const config = loadConfig();
    if (config.database.kind === 'postgres') {
      throw new BackupRefusedError('DATABASE_URL er sat: gendan PostgreSQL med pg_restore; npm run restore gendanner den indbyggede database i DATA_DIR.');
    }
    const summary = await restoreDatabase(path.resolve(file), config.database.dataDir, { migrationFolders: MIGRATION_FOLDERS });
    console.log(`Gendannet i ${config.database.dataDir}: ${describeRows(summary)}. Start serveren med npm start.`);
  });
}
