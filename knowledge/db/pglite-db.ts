import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { acquireDataDirLock, DataDirInUseError, LOCK_FILE, readDataDirLock, type DataDirLock } from './data-dir-lock.js';
import { DatabaseUnavailableError, QueryError, type Db, type Queryable, type QueryResult } from './db.js';
import { SOCKET_NAME, sharePgliteOnSocket, socketPathFor, type SharedPglite } from './pglite-socket.js';
import { sessionSettingsSql } from './session-settings.js';
import { waitForNewConnections } from './new-connections.js';

export interface PgliteDbOptions {
  /** Starts from this dump of a data directory (tests). */
  loadDataDir?: Blob;
  sharedBuffers?: string;
  /**
   * Serve the database on a Unix socket in DATA_DIR (the server), so the command-line tools can use it while it
   * runs. Without it the process keeps the database to itself until it closes it.
   */
  share?: boolean;
}

/**
 * Opens (creating if needed) an embedded Postgres in `dataDir` with pgvector loaded, holding the DATA_DIR lock until
 * closed: a second process gets DataDirInUseError naming the holder (see open-db.ts for how the tools then reach a
 * sharing server). Pass `dataDir: undefined` for an in-memory database (tests), which takes no lock.
 * @throws DataDirInUseError when another live process holds the folder; DatabaseUnavailableError when it cannot open
 */
export async function openPgliteDb(dataDir: string | undefined, options: PgliteDbOptions = {}): Promise<Db> {
  let lock: DataDirLock | undefined;
  if (dataDir) {
    try {
      if (!options.loadDataDir) await createDataDirElsewhere(dataDir);
      await fs.mkdir(dataDir, { recursive: true });
    } catch (error) {
      throw unavailable(dataDir, error);
    }
    try {
      lock = acquireDataDirLock(dataDir, { socket: options.share ? socketPathFor(dataDir) : undefined });
    } catch (error) {
      throw error instanceof DataDirInUseError ? error : unavailable(dataDir, error);
    }
  }
  let pg: PGlite | undefined;
  let shared: SharedPglite | undefined;
  try {
    pg = await PGlite.create({
      dataDir,
      extensions: { vector },
      loadDataDir: options.loadDataDir,
      // PGlite's WASM memory never shrinks; 128MB of shared buffers (the default) is most of its footprint, and the
      // library (tens of MB at 10,000 chunks) fits in far less. The OS caches the data files anyway.
      postgresqlconf: `shared_buffers=${options.sharedBuffers ?? '32MB'}`,
    });
    await pg.exec('CREATE EXTENSION IF NOT EXISTS vector');
    await pg.exec(sessionSettingsSql()); // once for the one session, not per search (session-settings.ts)
    if (lock?.holder.socket) shared = await sharePgliteOnSocket(pg, lock.holder.socket);
  } catch (error) {
    await pg?.close().catch(() => undefined);
    lock?.release();
    throw unavailable(dataDir, error);
  }
  const description = !dataDir ? 'PGlite (in memory)' : shared ? `PGlite (${dataDir}; delt med kommandoerne på ${shared.socketPath})` : `PGlite (${dataDir})`;
  return new PgliteDb(pg, description, { shared, lock });
}

function unavailable(dataDir: string | undefined, error: unknown): DatabaseUnavailableError {
  // This process holds the folder's lock, so no other process has it open: the folder itself is the problem.
  return new DatabaseUnavailableError(
    `Could not open the embedded database in ${dataDir ?? 'memory'}: ${(error as Error).message}. ` +
      (dataDir ? 'Check that the folder is a database made by this program (or empty) and that it can be written.' : ''),
    { cause: error },
  );
}

/**
 * Creating a database runs PGlite's initdb, a separate WASM instance that peaks at ~800 MB; that memory stays with
 * the process afterwards (~170 MB more resident than opening an existing database). So a new data directory is made
 * by a short-lived child process, in a sibling folder renamed into place when complete (an interrupted creation
 * leaves nothing half-made), and this process only ever opens an existing one.
 */
async function createDataDirElsewhere(dataDir: string): Promise<void> {
  if (await exists(path.join(dataDir, 'PG_VERSION'))) return;
  // A stale lock or socket left in an emptied folder does not make it a non-empty one.
  const entries = (await fs.readdir(dataDir).catch(() => undefined))?.filter((name) => !OUR_FILES.has(name));
  if (entries && entries.length > 0) return; // not empty and not a database: let PGlite report on it
  if (readDataDirLock(dataDir)) return; // a live holder (loading a dump): taking the lock will say so
  const parent = path.dirname(path.resolve(dataDir));
  await fs.mkdir(parent, { recursive: true });
  const staging = await fs.mkdtemp(path.join(parent, `.${path.basename(dataDir)}-creating-`));
  const script =
    `const { PGlite } = await import(${JSON.stringify(import.meta.resolve('@electric-sql/pglite'))});` +
    `const pg = await PGlite.create({ dataDir: ${JSON.stringify(staging)} }); await pg.close();`;
  try {
    await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { maxBuffer: 4 * 1024 * 1024 });
    if (entries) {
      for (const name of OUR_FILES) await fs.rm(path.join(dataDir, name), { force: true });
      await fs.rmdir(dataDir);
    }
    await fs.rename(staging, dataDir);
  } catch (error) {
    await fs.rm(staging, { recursive: true, force: true });
    // Another process finished creating it first: use theirs.
    if (await exists(path.join(dataDir, 'PG_VERSION'))) return;
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n').slice(-3).join(' ');
    throw new Error(`creating the database failed${stderr ? `: ${stderr}` : ''}`, { cause: error });
  }
}

const OUR_FILES = new Set([LOCK_FILE, SOCKET_NAME]);

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(() => true, () => false);
}

/** Wraps an already open PGlite instance (tests build databases from a dumped template). */
export function wrapPglite(pg: PGlite, description: string): Db & { dump(): Promise<Blob> } {
  return new PgliteDb(pg, description, {});
}

/**
 * PGlite runs each statement synchronously on this thread, and its promises settle as microtasks: a chain of queries
 * (one answer is a dozen) would hold the event loop from its first statement to its last, so no new request was read
 * and none could be refused while another was being answered. So the event loop gets a turn (a `setImmediate`,
 * after pending I/O) after every statement: requests are read between statements, and one over the cap is refused at
 * once (adapters/web/answers-in-progress.ts).
 */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The database's statements (and transactions) one after another, each followed by a turn of the event loop. A turn
 * after each caller's own statement is not enough: PGlite's lock hands the engine straight to the next waiting
 * statement, so the statements of 32 answers started together ran back to back (hundreds of ms) before a new request
 * was read. A transaction holds the lane for all of its statements (they cannot interleave with others anyway); its
 * statements yield one by one (see {@link wrap}). Before a statement, while new connections arrive, the lane waits
 * the turns that accept them (new-connections.ts).
 */
class StatementLane {
  private tail: Promise<unknown> = Promise.resolve();
  /** Turns without a statement while new connections arrive (new-connections.ts); none when none arrived. */
  private readonly connectionsFirst = waitForNewConnections();
  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(this.connectionsFirst).then(work);
    this.tail = result.then(yieldToEventLoop, yieldToEventLoop);
    return result;
  }
}

/** PGlite's statements as a Queryable; `yieldAfter` gives the event loop a turn after each (inside a transaction). */
function wrap(target: Pick<PGlite | Transaction, 'query' | 'exec'>, yieldAfter: boolean): Queryable {
  return {
    async query<Row>(sql: string, params: unknown[] = []): Promise<QueryResult<Row>> {
      try {
        const result = await target.query<Row>(sql, params);
        return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
      } catch (error) {
        throw new QueryError(sql, error);
      } finally {
        if (yieldAfter) await yieldToEventLoop();
      }
    },
    async exec(sql: string): Promise<void> {
      try {
        await target.exec(sql);
      } catch (error) {
        throw new QueryError(sql, error);
      } finally {
        if (yieldAfter) await yieldToEventLoop();
      }
    },
  };
}

class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  private readonly inner: Queryable;
  private readonly lane = new StatementLane();
  private closing?: Promise<void>;
  constructor(
    private readonly pg: PGlite,
    readonly description: string,
    private readonly holds: { shared?: SharedPglite; lock?: DataDirLock },
  ) {
    this.inner = wrap(pg, false); // the lane yields after each
  }
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]) {
    return this.lane.run(() => this.inner.query<Row>(sql, params));
  }
  exec(sql: string) {
    return this.lane.run(() => this.inner.exec(sql));
  }
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.lane.run(() => this.pg.transaction((tx) => work(wrap(tx, true))));
  }
  /** Disconnects the socket's clients first (their open transactions roll back), then frees the folder. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        await this.holds.shared?.close();
        if (!this.pg.closed) await this.pg.close();
      } finally {
        this.holds.lock?.release();
      }
    })();
    return this.closing;
  }
  /** An uncompressed tarball of the data directory. */
  dump(): Promise<Blob> {
    return this.pg.dumpDataDir('none');
  }
}
