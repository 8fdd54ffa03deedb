import type { Queryable } from '../../knowledge/db/db.js';

/**
 * How many rows each of `tables` holds, in one statement: the before and after of a purge or an erasure, whose
 * difference is the report (so a row another instance wrote meanwhile is not counted when run in REPEATABLE READ).
 * The names come from the callers' constant table lists, never from input.
 */
export async function countTableRows<T extends string>(q: Queryable, tables: readonly T[]): Promise<Record<T, number>> {
  const result = await q.query<Record<T, number>>(`SELECT ${tables.map((table) => `(SELECT count(*)::int FROM ${table}) AS ${table}`).join(', ')}`);
  return result.rows[0]!;
}
