/**
 * Gauges read from the database when Prometheus scrapes (bot/store/operations-snapshot.ts): stored 👍/👎 by channel,
 * escalations by state and the oldest queued one's age, the outbox's backlog, retries and failures. They count what
 * every instance sharing the database did, so any one instance's /metrics tells the whole story. One read serves a
 * whole scrape (and scrapes within `maxAgeMs`); a failed read leaves the last values and counts a failure.
 */
import { Counter, Gauge } from 'prom-client';
import type { Queryable } from '../knowledge/index.js';
import { cachedOperationsSnapshot, ESCALATION_STATUSES, OUTBOX_KINDS, type OperationsSnapshot } from '../bot/store/operations-snapshot.js';
import { channelLabel, type Metrics } from './metrics.js';

export interface OperationsMetricsOptions {
  /** How long one read of the database serves scrapes. @default 5000 */
  maxAgeMs?: number;
  /** Told when a read fails (the scrape still answers, with the last values). */
  onError?: (error: unknown) => void;
}

/** Registers the database-backed gauges in `metrics.registry`, reading `db` at scrape time. */
export function registerOperationsMetrics(metrics: Metrics, db: Queryable, options: OperationsMetricsOptions = {}): void {
  const registers = [metrics.registry];
  const read = cachedOperationsSnapshot(db, { maxAgeMs: options.maxAgeMs });
  const failures = new Counter({
    name: 'kraftcenter_operations_snapshot_failures_total',
    help: 'Scrape-time reads of the feedback, escalation and outbox gauges that failed (the gauges kept their last values).',
    registers,
    // Read after this scrape's snapshot, so a read that fails now is counted in this scrape.
    collect: async () => void (await snapshot()),
  });
  const counted = new WeakSet<Promise<OperationsSnapshot>>();
  /** The snapshot, or undefined when the read failed (counted once per read, however many gauges asked). */
  const snapshot = async (): Promise<OperationsSnapshot | undefined> => {
    const reading = read();
    try {
      return await reading;
    } catch (error) {
      if (!counted.has(reading)) {
        counted.add(reading);
        failures.inc();
        options.onError?.(error);
      }
      return undefined;
    }
  };

  new Gauge({
    name: 'kraftcenter_feedback_votes',
    help: 'Thumbs up/down stored in the database (all instances; a changed vote counts as its latest value), by channel and value.',
    labelNames: ['channel', 'value'] as const,
    registers,
    async collect() {
      const current = await snapshot();
      if (!current) return;
      const totals = new Map<string, { channel: string; value: string; count: number }>();
      for (const row of current.feedback) {
        const channel = channelLabel(row.channel);
        const key = `${channel}\u0000${row.value}`;
        const total = totals.get(key) ?? { channel, value: row.value, count: 0 };
        total.count += row.count;
        totals.set(key, total);
      }
      this.reset();
      for (const { channel, value, count } of totals.values()) this.set({ channel, value }, count);
    },
  });
  new Gauge({
    name: 'kraftcenter_escalations',
    help: 'Escalations to a human adviser kept in the database, by state (queued, claimed, resolved, cancelled).',
    labelNames: ['state'] as const,
    registers,
    async collect() {
      const current = await snapshot();
      if (current) for (const state of ESCALATION_STATUSES) this.set({ state }, current.escalations[state]);
    },
  });
  new Gauge({
    name: 'kraftcenter_escalation_oldest_queued_age_seconds',
    help: 'Seconds since the oldest escalation still waiting for an adviser was raised (0 when none waits).',
    registers,
    async collect() {
      const current = await snapshot();
      if (current) this.set(current.oldestQueuedEscalationSeconds);
    },
  });
  const outboxGauge = (name: string, help: string, field: 'pending' | 'retrying' | 'failed') =>
    new Gauge({
      name,
      help,
      labelNames: ['kind'] as const,
      registers,
      async collect() {
        const current = await snapshot();
        if (current) for (const kind of OUTBOX_KINDS) this.set({ kind }, current.outbox[kind][field]);
      },
    });
  outboxGauge('kraftcenter_outbox_pending', 'Outbox rows waiting to be delivered, by kind (adviser notifications, user deliveries).', 'pending');
  outboxGauge('kraftcenter_outbox_retrying', 'Pending outbox rows whose delivery failed at least once and will be retried, by kind.', 'retrying');
  outboxGauge('kraftcenter_outbox_failed', 'Outbox rows given up after their last attempt (kept 30 days), by kind.', 'failed');
  new Gauge({
    name: 'kraftcenter_outbox_oldest_pending_age_seconds',
    help: 'Seconds since the oldest outbox row still waiting to be delivered was queued (0 when none waits).',
    registers,
    async collect() {
      const current = await snapshot();
      if (current) this.set(current.oldestPendingOutboxSeconds);
    },
  });
}
