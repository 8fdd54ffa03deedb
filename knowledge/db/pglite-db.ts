import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { DatabaseUnavailableError, QueryError, type Db, type Queryable, type QueryResult } from './db.js';

/**
 * Opens (creating if needed) an embedded Postgres in `dataDir` with pgvector loaded.
 * Pass `dataDir: undefined` for an in-memory database (tests).
 */
export async function openPgliteDb(
  dataDir: string | undefined,
  options: { loadDataDir?: Blob; sharedBuffers?: string } = {},
): Promise<Db> {
  let pg: PGlite;
  try {
    if (dataDir && !options.loadDataDir) await createDataDirElsewhere(dataDir);
    if (dataDir) await fs.mkdir(dataDir, { recursive: true });
    pg = await PGlite.create({
      dataDir,
      extensions: { vector },
      loadDataDir: options.loadDataDir,
      // PGlite's WASM memory never shrinks; 128MB of shared buffers (the default) is most of its footprint, and the
      // library (tens of MB at 10,000 chunks) fits in far less. The OS caches the data files anyway.
      postgresqlconf: `shared_buffers=${options.sharedBuffers ?? '32MB'}`,
    });
    await pg.exec('CREATE EXTENSION IF NOT EXISTS vector');
  } catch (error) {
    throw new DatabaseUnavailableError(
      `Could not open the embedded database in ${dataDir ?? 'memory'}: ${(error as Error).message}. ` +
        'Is another process using this DATA_DIR? Only one process can open an embedded database; use DATABASE_URL for several.',
      { cause: error },
    );
  }
  return wrapPglite(pg, dataDir ? `PGlite (${dataDir})` : 'PGlite (in memory)');
}

/**
 * Creating a database runs PGlite's initdb, a separate WASM instance that peaks at ~800 MB; that memory stays with
 * the process afterwards (~170 MB more resident than opening an existing database). So a new data directory is made
 * by a short-lived child process, in a sibling folder renamed into place when complete (an interrupted creation
 * leaves nothing half-made), and this process only ever opens an existing one.
 */
async function createDataDirElsewhere(dataDir: string): Promise<void> {
  if (await exists(path.join(dataDir, 'PG_VERSION'))) return;
  const entries = await fs.readdir(dataDir).catch(() => undefined);
  if (entries && entries.length > 0) return; // not empty and not a database: let PGlite report on it
  const parent = path.dirname(path.resolve(dataDir));
  await fs.mkdir(parent, { recursive: true });
  const staging = await fs.mkdtemp(path.join(parent, `.${path.basename(dataDir)}-creating-`));
  const script =
    `const { PGlite } = await import(${JSON.stringify(import.meta.resolve('@electric-sql/pglite'))});` +
    `const pg = await PGlite.create({ dataDir: ${JSON.stringify(staging)} }); await pg.close();`;
  try {
    await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { maxBuffer: 4 * 1024 * 1024 });
    if (entries) await fs.rmdir(dataDir);
    await fs.rename(staging, dataDir);
  } catch (error) {
    await fs.rm(staging, { recursive: true, force: true });
    // Another process finished creating it first: use theirs.
    if (await exists(path.join(dataDir, 'PG_VERSION'))) return;
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n').slice(-3).join(' ');
    throw new Error(`creating the database failed${stderr ? `: ${stderr}` : ''}`, { cause: error });
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(() => true, () => false);
}

/** Wraps an already open PGlite instance (tests build databases from a dumped template). */
export function wrapPglite(pg: PGlite, description: string): Db & { dump(): Promise<Blob> } {
  return new PgliteDb(pg, description);
}

function wrap(target: Pick<PGlite | Transaction, 'query' | 'exec'>): Queryable {
  return {
    async query<Row>(sql: string, params: unknown[] = []): Promise<QueryResult<Row>> {
      try {
        const result = await target.query<Row>(sql, params);
        return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
      } catch (error) {
        throw new QueryError(sql, error);
      }
    },
    async exec(sql: string): Promise<void> {
      try {
        await target.exec(sql);
      } catch (error) {
        throw new QueryError(sql, error);
      }
    },
  };
}

class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  private readonly inner: Queryable;
  constructor(
    private readonly pg: PGlite,
    readonly description: string,
  ) {
    this.inner = wrap(pg);
  }
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]) {
    return this.inner.query<Row>(sql, params);
  }
  exec(sql: string) {
    return this.inner.exec(sql);
  }
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.pg.transaction((tx) => work(wrap(tx)));
  }
  async close(): Promise<void> {
    if (!this.pg.closed) await this.pg.close();
  }
  /** An uncompressed tarball of the data directory. */
  dump(): Promise<Blob> {
    return this.pg.dumpDataDir('none');
  }
}
