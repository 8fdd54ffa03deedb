import pg from 'pg';
import { createLogger, type Logger } from '../../config/logger.js';
import { DatabaseUnavailableError, QueryError, type Db, type Queryable, type QueryResult } from './db.js';
import { sessionSettingsOptions, sessionSettingsSql } from './session-settings.js';

/** Options for the node-postgres pool; defaults suit one bot instance. */
export interface PgDbOptions {
  /** @default 10 */
  maxConnections?: number;
  /** @default 5000 */
  connectTimeoutMs?: number;
  /** Schemas to search, first one for new tables (tests isolate themselves in their own schema). */
  searchPath?: string[];
  /** Where an idle connection's failure is logged. @default a JSON logger on stderr at level warn */
  logger?: Logger;
}

/**
 * Connects to a real Postgres with pgvector. Checks the connection and the extension at once, so a wrong URL or a
 * server without pgvector fails at start-up with a message that says what to fix.
 */
export async function openPgDb(url: string, options: PgDbOptions = {}): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    // Set once per connection at its start (no round trip), not per search: see session-settings.ts.
    options: [options.searchPath ? `-c search_path=${options.searchPath.join(',')}` : '', sessionSettingsOptions()].filter(Boolean).join(' '),
  });
  const safeUrl = redactUrl(url);
  return connect(pool, `PostgreSQL (${safeUrl})`, options.logger, (message) => {
    const hint = /extension "vector"|vector\.control/i.test(message)
      ? 'the pgvector extension is not installed on that server (install pgvector, then CREATE EXTENSION vector)'
      : 'check DATABASE_URL and that the server is running';
    return `Could not use the database at ${safeUrl}: ${message}; ${hint}.`;
  });
}

/**
 * Connects through the Unix socket on which the server shares its embedded database (see pglite-socket.ts). One
 * connection: the server runs one unit of work at a time anyway. The wait allows for a server that is still starting
 * or busy with a long statement (an index build).
 */
export async function openPgDbOnSocket(
  socket: { host: string; port: number },
  description: string,
  extra: Partial<Pick<Db, 'sharedByServer'>> & { logger?: Logger } = {},
): Promise<Db> {
  const pool = new pg.Pool({ ...socket, user: 'postgres', database: 'postgres', max: 1, connectionTimeoutMillis: 60_000 });
  // The server's session already has them (pglite-db.ts); set again in case this one is not that server's.
  pool.on('connect', (client) => void client.query(sessionSettingsSql()).catch(() => undefined));
  return connect(pool, description, extra.logger, (message) => `Could not reach the server's database (${description}): ${message}.`, extra);
}

async function connect(
  pool: pg.Pool,
  description: string,
  logger: Logger = defaultLogger(),
  describeFailure: (message: string) => string,
  extra: Partial<Pick<Db, 'sharedByServer'>> = {},
): Promise<Db> {
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', (error) => {
    logger.warn('database: an idle connection failed; the next query reconnects', { database: description, error });
  });
  try {
    await pool.query('CREATE EXTENSION IF NOT EXISTS vector');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new DatabaseUnavailableError(describeFailure((error as Error).message), { cause: error });
  }
  return new PgDb(pool, description, extra.sharedByServer);
}

let fallbackLogger: Logger | undefined;

/** For a pool opened without a logger (tests, benchmarks): failures still reach stderr, as JSON lines. */
function defaultLogger(): Logger {
  return (fallbackLogger ??= createLogger({ level: 'warn' }));
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}

function wrap(target: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<Row>(sql: string, params: unknown[] = []): Promise<QueryResult<Row>> {
      try {
        const result = await target.query(sql, params);
        return { rows: result.rows as Row[], affectedRows: result.rowCount ?? 0 };
      } catch (error) {
        throw asDbError(sql, error);
      }
    },
    async exec(sql: string): Promise<void> {
      try {
        await target.query(sql);
      } catch (error) {
        throw asDbError(sql, error);
      }
    },
  };
}

/** Connection failures become DatabaseUnavailableError so callers can apologise instead of crashing. */
function asDbError(sql: string, error: unknown): Error {
  const code = (error as { code?: string }).code;
  if (code && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001'].includes(code)) {
    return new DatabaseUnavailableError(`Database unavailable: ${(error as Error).message}`, { cause: error });
  }
  if (error instanceof Error && /timeout exceeded when trying to connect|Connection terminated/i.test(error.message)) {
    return new DatabaseUnavailableError(`Database unavailable: ${error.message}`, { cause: error });
  }
  return new QueryError(sql, error);
}

class PgDb implements Db {
  readonly kind = 'postgres' as const;
  private readonly inner: Queryable;
  constructor(
    private readonly pool: pg.Pool,
    readonly description: string,
    readonly sharedByServer?: Db['sharedByServer'],
  ) {
    this.inner = wrap(pool);
  }
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]) {
    return this.inner.query<Row>(sql, params);
  }
  exec(sql: string) {
    return this.inner.exec(sql);
  }
  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw asDbError('BEGIN', error);
    }
    try {
      await client.query('BEGIN');
      const result = await work(wrap(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
  async close(): Promise<void> {
    await this.pool.end();
  }
}
