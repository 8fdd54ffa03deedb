/**
 * The database with a wait before every statement: a channel that must keep answering its platform's requests
 * (Slack wants each acknowledged within 3 s) hands its stores this instead of the database itself. On PGlite a
 * query is a stretch of synchronous WebAssembly; waiting for a turn of the event loop first keeps such stretches
 * between the acknowledgements (see bot/delivery/work-queue.ts).
 */
import type { Db, Queryable } from '../../knowledge/index.js';

/**
 * Wraps `db` so every query, `exec` and transaction first awaits `work.turn()`.
 *
 * @example
 * const store = createSlackStore(queryInTurns(db, work));
 */
export function queryInTurns(db: Db, work: { turn(): Promise<void> }): Db {
  return {
    kind: db.kind,
    description: db.description,
    async query<Row>(sql: string, params?: unknown[]) {
      await work.turn();
      return db.query<Row>(sql, params);
    },
    async exec(sql: string) {
      await work.turn();
      return db.exec(sql);
    },
    async transaction<T>(job: (tx: Queryable) => Promise<T>) {
      await work.turn();
      return db.transaction(job);
    },
    close: () => db.close(),
  };
}
