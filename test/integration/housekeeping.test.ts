import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpiredRows } from '../../bot/store/housekeeping.js';
import type { Db } from '../../knowledge/index.js';
import { testDatabases } from '../support/test-databases.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

describe.each(testDatabases)('purgeExpiredRows on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => db?.close());

  it('should remove old de-duplication claims and long-settled outbox rows, and keep pending and recent ones', async () => {
    await db.query(
      `INSERT INTO processed_events (source, event_id, created_at) VALUES ('slack', 'old', $1), ('teams', 'old', $1), ('slack', 'new', $2)`,
      [daysAgo(3), daysAgo(1)],
    );
    const outbox = (key: string, columns: Record<string, string | null>) =>
      db.query(
        `INSERT INTO outbox (event_key, kind, payload, created_at, delivered_at, failed_at) VALUES ($1, 'user', '{}'::jsonb, $2, $3, $4)`,
        [key, daysAgo(60), columns.delivered ?? null, columns.failed ?? null],
      );
    await outbox('delivered-long-ago', { delivered: daysAgo(40) });
    await outbox('failed-long-ago', { failed: daysAgo(31) });
    await outbox('delivered-lately', { delivered: daysAgo(5) });
    await outbox('still-pending', {});

    expect(await purgeExpiredRows(db, NOW)).toEqual({ processedEvents: 2, outbox: 2 });

    const events = await db.query<{ source: string; event_id: string }>('SELECT source, event_id FROM processed_events ORDER BY source, event_id');
    expect(events.rows).toEqual([{ source: 'slack', event_id: 'new' }]);
    const kept = await db.query<{ event_key: string }>('SELECT event_key FROM outbox ORDER BY event_key');
    expect(kept.rows.map((row) => row.event_key)).toEqual(['delivered-lately', 'still-pending']);
    expect(await purgeExpiredRows(db, NOW)).toEqual({ processedEvents: 0, outbox: 0 });
  });
});
