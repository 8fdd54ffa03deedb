/**
 * The one database port. Two implementations run the same SQL: PGlite (embedded, the default) and node-postgres
 * (a real server, when DATABASE_URL is set). Stores receive a `Db`; they never open connections themselves.
 */
import { AppError } from '../../config/app-error.js';

export interface QueryResult<Row> {
  rows: Row[];
  /** Rows changed by INSERT/UPDATE/DELETE; 0 for SELECT on PGlite. */
  affectedRows: number;
}

/** Something that runs SQL: the database itself, or one transaction on it. */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<Row>>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Where it lives, for start-up logs: a data folder or a URL without its password. */
  readonly description: string;
  /** Set when this process reaches the embedded database through the server that holds it (its socket in DATA_DIR). */
  readonly sharedByServer?: { pid: number; command: string };
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws.
   * On PGlite transactions are serialised; on Postgres each gets its own pooled connection.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Failure to reach or open the database; the message says which database and what to check. */
export class DatabaseUnavailableError extends AppError<'knowledge.database_unavailable'> {
  constructor(message: string, options?: { cause?: unknown }) {
    super('knowledge.database_unavailable', message, options);
  }
}

/** A failed query, keeping its name (the first line of SQL) and the driver's error as `cause`. */
export class QueryError extends AppError<'knowledge.query_failed'> {
  readonly sqlState?: string;
  constructor(sql: string, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super('knowledge.query_failed', `Query failed (${summariseSql(sql)}): ${detail}`, { cause });
    this.sqlState = (cause as { code?: string } | undefined)?.code;
  }
}

function summariseSql(sql: string): string {
  const firstLine = sql.trim().split('\n')[0] ?? '';
  return firstLine.length > 80 ? `${firstLine.slice(0, 77)}...` : firstLine;
}
