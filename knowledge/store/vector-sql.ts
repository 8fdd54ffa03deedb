/**
 * Vectors in SQL through the `pgvector` package: a number[] becomes pgvector's text form with `toSql`, sent as a
 * parameter and cast with `::vector(n)` in the query. This is the one path that works on both databases: pgvector's
 * `pg` type registration is node-postgres only, while PGlite would send a JS array as a Postgres array.
 */
import pgvector from 'pgvector';

export function vectorToSql(vector: readonly number[]): string {
  return pgvector.toSql(vector) as string;
}
