/**
 * A command that keeps the embedded database in DATA_DIR open, without the server: the single-writer tests run it
 * as a child process. Prints "holding" once the folder is its own; closes it on SIGTERM.
 */
import { loadConfig } from '../../config/env.js';
import { openDatabase } from '../../knowledge/db/open-db.js';

const db = await openDatabase(loadConfig().database);
process.stdout.write('holding\n');
process.once('SIGTERM', () => void db.close().then(() => process.exit(0)));
setInterval(() => undefined, 60_000);
