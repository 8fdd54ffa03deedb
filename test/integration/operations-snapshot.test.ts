/**
 * The operations snapshot behind the scrape-time gauges, on both databases: stored votes by channel, escalations by
 * state with the oldest queued one's age, the outbox's pending, retrying and failed rows; and the cache that lets
 * one read serve a whole scrape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachedOperationsSnapshot, readOperationsSnapshot } from '../../bot/store/operations-snapshot.js';
import type { Db } from '../../knowledge/index.js';
import { createMetrics } from '../../observability/metrics.js';
import { registerOperationsMetrics } from '../../observability/metrics-operations.js';
import { testDatabases } from '../support/test-databases.js';
import { sampleValue } from '../unit/observability/metrics-values.js';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

describe.each(testDatabases)('the operations snapshot on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => db?.close());

  it('should report zeros for every state and kind on an empty database', async () => {
    expect(await readOperationsSnapshot(db)).toEqual({
      feedback: [],
      escalations: { queued: 0, claimed: 0, resolved: 0, cancelled: 0 },
      oldestQueuedEscalationSeconds: 0,
      outbox: { adviser: { pending: 0, retrying: 0, failed: 0 }, user: { pending: 0, retrying: 0, failed: 0 } },
      oldestPendingOutboxSeconds: 0,
    });
  });

  it('should count votes by channel, escalations by state, the outbox backlog and the oldest ages', async () => {
    for (const [id, channel] of [['c1', 'web'], ['c2', 'web'], ['c3', 'slack'], ['c4', 'teams']] as const) {
      await db.query(`INSERT INTO conversations (id, channel, external_id) VALUES ($1, $2, $1)`, [id, channel]);
      await db.query(`INSERT INTO messages (id, conversation_id, role, text) VALUES ($1, $2, 'bot', 'svar')`, [`m-${id}`, id]);
    }
    const vote = (message: string, user: string, channel: string, value: string) =>
      db.query(`INSERT INTO feedback (message_id, user_id, channel, value) VALUES ($1, $2, $3, $4)`, [message, user, channel, value]);
    await vote('m-c1', 'u1', 'web', 'up');
    await vote('m-c2', 'u2', 'web', 'up');
    await vote('m-c2', 'u3', 'web', 'down');
    await vote('m-c3', 'u4', 'slack', 'down');

    const escalation = (id: string, conversation: string, status: string, createdAt: string) =>
      db.query(
        `INSERT INTO escalations (id, conversation_id, status, trigger, channel, question, summary, due_at, created_at)
         VALUES ($1, $2, $3, 'user_request', 'web', 'spørgsmål', 'resumé', now(), $4)`,
        [id, conversation, status, createdAt],
      );
    await escalation('e1', 'c1', 'queued', minutesAgo(90));
    await escalation('e2', 'c2', 'queued', minutesAgo(10));
    await escalation('e3', 'c3', 'claimed', minutesAgo(300));
    await escalation('e4', 'c4', 'resolved', minutesAgo(600));

    const outbox = (key: string, kind: string, columns: { attempts?: number; delivered?: boolean; failed?: boolean; createdAt?: string }) =>
      db.query(
        `INSERT INTO outbox (event_key, kind, payload, attempts, created_at, delivered_at, failed_at)
         VALUES ($1, $2, '{}'::jsonb, $3, $4, CASE WHEN $5 THEN now() END, CASE WHEN $6 THEN now() END)`,
        [key, kind, columns.attempts ?? 0, columns.createdAt ?? minutesAgo(1), columns.delivered ?? false, columns.failed ?? false],
      );
    await outbox('a-pending', 'adviser', { createdAt: minutesAgo(30) });
    await outbox('a-retrying', 'adviser', { attempts: 2 });
    await outbox('a-delivered', 'adviser', { delivered: true, createdAt: minutesAgo(500) });
    await outbox('u-failed', 'user', { attempts: 10, failed: true, createdAt: minutesAgo(500) });

    const snapshot = await readOperationsSnapshot(db);
    expect(snapshot.feedback).toEqual([
      { channel: 'slack', value: 'down', count: 1 },
      { channel: 'web', value: 'down', count: 1 },
      { channel: 'web', value: 'up', count: 2 },
    ]);
    expect(snapshot.escalations).toEqual({ queued: 2, claimed: 1, resolved: 1, cancelled: 0 });
    // The oldest queued escalation is 90 minutes old (the claimed one, older, does not count).
    expect(snapshot.oldestQueuedEscalationSeconds).toBeGreaterThanOrEqual(90 * 60 - 5);
    expect(snapshot.oldestQueuedEscalationSeconds).toBeLessThan(100 * 60);
    expect(snapshot.outbox).toEqual({ adviser: { pending: 2, retrying: 1, failed: 0 }, user: { pending: 0, retrying: 0, failed: 1 } });
    expect(snapshot.oldestPendingOutboxSeconds).toBeGreaterThanOrEqual(30 * 60 - 5);
    expect(snapshot.oldestPendingOutboxSeconds).toBeLessThan(40 * 60);
  });

  it('should expose the snapshot as gauges, read once per scrape', async () => {
    const metrics = createMetrics({ processMetrics: false });
    let reads = 0;
    const counting: Db = { ...db, query: (sql, params) => ((reads += 1), db.query(sql, params)) } as Db;
    registerOperationsMetrics(metrics, counting);
    const text = await metrics.registry.metrics();
    expect(reads).toBe(3);
    expect(sampleValue(text, 'kraftcenter_feedback_votes', { channel: 'web', value: 'up' })).toBe(2);
    expect(sampleValue(text, 'kraftcenter_feedback_votes', { channel: 'slack', value: 'down' })).toBe(1);
    expect(sampleValue(text, 'kraftcenter_escalations', { state: 'queued' })).toBe(2);
    expect(sampleValue(text, 'kraftcenter_escalations', { state: 'cancelled' })).toBe(0);
    expect(sampleValue(text, 'kraftcenter_escalation_oldest_queued_age_seconds')).toBeGreaterThan(60 * 60);
    expect(sampleValue(text, 'kraftcenter_outbox_pending', { kind: 'adviser' })).toBe(2);
    expect(sampleValue(text, 'kraftcenter_outbox_retrying', { kind: 'adviser' })).toBe(1);
    expect(sampleValue(text, 'kraftcenter_outbox_failed', { kind: 'user' })).toBe(1);
    expect(sampleValue(text, 'kraftcenter_outbox_oldest_pending_age_seconds')).toBeGreaterThan(20 * 60);
    expect(sampleValue(text, 'kraftcenter_operations_snapshot_failures_total')).toBe(0);
  });

  it('should keep the last values and count a failure when the database cannot be read', async () => {
    const metrics = createMetrics({ processMetrics: false });
    let broken = false;
    const flaky: Db = { ...db, query: (sql, params) => (broken ? Promise.reject(new Error('connection lost')) : db.query(sql, params)) } as Db;
    const errors: unknown[] = [];
    registerOperationsMetrics(metrics, flaky, { maxAgeMs: 0, onError: (error) => errors.push(error) });
    await metrics.registry.metrics();
    broken = true;
    const text = await metrics.registry.metrics();
    expect(sampleValue(text, 'kraftcenter_escalations', { state: 'queued' })).toBe(2);
    expect(sampleValue(text, 'kraftcenter_operations_snapshot_failures_total')).toBe(1);
    expect(errors).toHaveLength(1);
  });

  it('should serve reads within maxAge from one query round and read again after it', async () => {
    let clock = 0;
    let reads = 0;
    const counting: Db = { ...db, query: (sql, params) => ((reads += 1), db.query(sql, params)) } as Db;
    const snapshot = cachedOperationsSnapshot(counting, { maxAgeMs: 5_000, now: () => clock });
    await Promise.all([snapshot(), snapshot()]);
    clock = 4_999;
    await snapshot();
    expect(reads).toBe(3);
    clock = 5_000;
    await snapshot();
    expect(reads).toBe(6);
  });
});
