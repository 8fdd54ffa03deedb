import fs from 'node:fs/promises';
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
