import type { DatabaseConfig } from '../../config/env.js';
import type { Logger } from '../../config/logger.js';
import { DataDirInUseError } from './data-dir-lock.js';
import { DatabaseUnavailableError, type Db } from './db.js';
import { migrate } from './migrate.js';
import { openPgDb, openPgDbOnSocket } from './pg-db.js';
import { openPgliteDb } from './pglite-db.js';
import { socketConnection } from './pglite-socket.js';

export interface OpenDatabaseOptions {
  /**
   * The server: hold the embedded database and share it with the command-line tools on a socket in DATA_DIR.
   * Refused while any other process holds the folder.
   */
  share?: boolean;
  /** The migrations folders to bring up to date (see migrate.ts). @default the knowledge base's own */
  migrations?: readonly string[];
  /** Where a Postgres pool logs an idle connection's failure. @default pg-db.ts's own (stderr, warn) */
  logger?: Logger;
}

/**
 * Opens the configured database (Postgres when a URL is set, else PGlite) and brings its schema up to date.
 *
 * The embedded database has one writer: the process holding DATA_DIR's lock. A command run while the server holds it
 * goes through the server's socket (so the server sees every change at once); while another command holds it, it is
 * refused with DataDirInUseError naming that process.
 */
export async function openDatabase(config: DatabaseConfig, options: OpenDatabaseOptions = {}): Promise<Db> {
  const db = config.kind === 'postgres' && config.url ? await openPgDb(config.url, { logger: options.logger }) : await openEmbedded(config.dataDir, options);
  try {
    await migrate(db, options.migrations);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return db;
}

/** How long a command waits for a server that holds the folder but is not listening yet (it is starting). */
const SERVER_STARTING_MS = 60_000;

async function openEmbedded(dataDir: string, options: OpenDatabaseOptions): Promise<Db> {
  const deadline = Date.now() + SERVER_STARTING_MS;
  for (;;) {
    try {
      return await openPgliteDb(dataDir, { share: options.share });
    } catch (error) {
      if (!(error instanceof DataDirInUseError) || options.share || !error.holder.socket) throw error;
      const { holder } = error;
      try {
        return await openPgDbOnSocket(socketConnection(holder.socket!), `PGlite (${dataDir}) gennem serveren (pid ${holder.pid})`, {
          sharedByServer: { pid: holder.pid, command: holder.command },
          logger: options.logger,
        });
      } catch (connectError) {
        if (!isNotListeningYet(connectError) || Date.now() > deadline) throw connectError;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }
}

function isNotListeningYet(error: unknown): boolean {
  const cause = error instanceof DatabaseUnavailableError ? (error.cause as NodeJS.ErrnoException | undefined) : undefined;
  return cause?.code === 'ENOENT' || cause?.code === 'ECONNREFUSED';
}
