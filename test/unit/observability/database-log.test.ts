/** The Postgres pool's idle-connection failures go through the logger (a JSON line), never to console. */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openPgDb } from '../../../knowledge/db/pg-db.js';
import { captureLogs } from './log-capture.js';

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

describe.skipIf(!TEST_DATABASE_URL)('database failures in the log', () => {
  it("should log an idle connection's failure as a warning with the error, and keep the pool usable", async () => {
    const logs = captureLogs();
    const db = await openPgDb(TEST_DATABASE_URL!, { maxConnections: 1, logger: logs.logger });
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      const { rows } = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
      await expect.poll(() => logs.lines().find((line) => line.msg.startsWith('database: an idle connection failed'))).toMatchObject({
        level: 'warn',
        error: { message: expect.any(String) },
      });
      expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one).toBe(1);
    } finally {
      await admin.end();
      await db.close();
    }
  });
});
