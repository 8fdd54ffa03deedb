/**
 * Sends what the hand-off queued in the outbox: advisers' notifications to every registered AdviserNotifier, and
 * messages for users through the DeliveryPort of their conversation's channel. Runs in every bot process; leases
 * keep processes apart. Delivery is per target: a notifier that succeeded is recorded on the row and not called
 * again when another target fails and the row is retried. A failure retries with exponential backoff until
 * maxAttempts; a user delivery that fails for good sets escalations.delivery_failed.
 *
 * Targets are the dispatcher's own notifiers at delivery time, so run the dispatcher where they are configured
 * (the server). Guarantee: at least once per target, and exactly once unless a single call outlives its timeout and
 * the lease (see `leaseMs`).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../config/logger.js';
import { backoffDelay } from '../../config/retry.js';
import type { Db } from '../../knowledge/index.js';
import type { AdviserEvent, AdviserNotifier, DeliveryPort, UserDelivery } from './escalation-port.js';
import { leaseDueRows, markDelivered, markFailed, markTargetDelivered, scheduleRetry, type OutboxRow } from './outbox-store.js';
import { enqueueDueReminders } from './reminders.js';

/** Retry policy: the n-th retry waits min(maxMs, baseMs · 2^(n-1)) (`backoffDelay` in config/retry.ts). */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  /** Attempts in all, after which the row is marked failed. */
  maxAttempts: number;
}

export interface OutboxDispatcherOptions {
  db: Db;
  notifiers: AdviserNotifier[];
  deliveryPorts: DeliveryPort[];
  logger: Logger;
  backoff: BackoffPolicy;
  now?: () => Date;
  /** How long a leased row stays with this dispatcher. @default 120_000 */
  leaseMs?: number;
  /** A single notifier/port call longer than this counts as failed. @default leaseMs / 4 */
  callTimeoutMs?: number;
  /** Rows per run. @default 50 */
  batchSize?: number;
}

export interface DispatchReport {
  delivered: number;
  failed: number;
  retried: number;
}

export interface OutboxDispatcher {
  /** Leases the due rows and sends them once. */
  runOnce(): Promise<DispatchReport>;
  /** Queues reminders for overdue escalations (the loop calls it before each run). */
  enqueueDueReminders(): Promise<number>;
  /** Runs reminders + runOnce every `intervalMs` (again at once while rows were delivered). */
  start(intervalMs: number): void;
  /** Stops the loop and waits for the current run. */
  stop(): Promise<void>;
}

/** Creates a dispatcher with its own owner id (one per process is enough). */
export function createOutboxDispatcher(options: OutboxDispatcherOptions): OutboxDispatcher {
  const { db, logger, backoff } = options;
  const now = options.now ?? (() => new Date());
  const owner = `dispatcher-${randomUUID()}`;
  const leaseMs = options.leaseMs ?? 120_000;
  const callTimeoutMs = options.callTimeoutMs ?? Math.floor(leaseMs / 4);
  const ports = new Map(options.deliveryPorts.map((port) => [port.channel, port]));

  const targetsFor = (row: OutboxRow): Array<{ name: string; send: () => Promise<void> }> => {
    if (row.kind === 'adviser') {
      const event = row.payload as AdviserEvent;
      return options.notifiers.map((notifier) => ({ name: notifier.name, send: () => notifier.notify(event) }));
    }
    const delivery = row.payload as UserDelivery;
    const port = ports.get(delivery.channel);
    const send = port
      ? () => port.deliver(delivery)
      : () => Promise.reject(new Error(`no delivery port for channel "${delivery.channel}"`));
    return [{ name: `port:${delivery.channel}`, send }];
  };

  async function dispatch(row: OutboxRow): Promise<keyof DispatchReport | 'lost'> {
    const errors: string[] = [];
    for (const target of targetsFor(row)) {
      if (row.deliveredTargets.includes(target.name)) continue;
      try {
        await withTimeout(target.send(), callTimeoutMs, target.name);
      } catch (error) {
        errors.push(`${target.name}: ${(error as Error)?.message ?? String(error)}`);
        continue;
      }
      if (!(await markTargetDelivered(db, row.id, owner, target.name))) return 'lost';
    }
    if (errors.length === 0) return (await markDelivered(db, row.id, owner, now())) ? 'delivered' : 'lost';
    const error = errors.join('; ');
    if (row.attempts >= backoff.maxAttempts) {
      logger.error('outbox: giving up', { eventKey: row.eventKey, attempts: row.attempts, error });
      return (await db.transaction((tx) => markFailed(tx, row, owner, now(), error))) ? 'failed' : 'lost';
    }
    // No jitter: the schedule is persisted per row, and rows fail at their own times already.
    const delay = backoffDelay(row.attempts, { baseDelayMs: backoff.baseMs, maxDelayMs: backoff.maxMs, jitter: 0 });
    logger.warn('outbox: delivery failed, will retry', { eventKey: row.eventKey, attempts: row.attempts, delayMs: delay, error });
    return (await scheduleRetry(db, row.id, owner, new Date(now().getTime() + delay), error)) ? 'retried' : 'lost';
  }

  async function runOnce(): Promise<DispatchReport> {
    const at = now();
    const rows = await leaseDueRows(db, owner, at, new Date(at.getTime() + leaseMs), options.batchSize ?? 50);
    const report: DispatchReport = { delivered: 0, failed: 0, retried: 0 };
    for (const row of rows) {
      const outcome = await dispatch(row).catch((error: unknown) => {
        logger.error('outbox: could not record a delivery', { eventKey: row.eventKey, error });
        return 'lost' as const;
      });
      if (outcome === 'lost') logger.warn('outbox: lease lost before the row was settled', { eventKey: row.eventKey });
      else report[outcome]++;
    }
    return report;
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  const tick = async (): Promise<boolean> => {
    try {
      await enqueueDueReminders(db, now());
      const report = await runOnce();
      return report.delivered > 0;
    } catch (error) {
      logger.error('outbox: dispatcher run failed', { error });
      return false;
    }
  };

  const schedule = (intervalMs: number, delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().then((busy) => schedule(intervalMs, busy ? 0 : intervalMs));
    }, delay);
    timer.unref?.();
  };

  return {
    runOnce,
    enqueueDueReminders: () => enqueueDueReminders(db, now()),
    start(intervalMs) {
      if (!stopped) return;
      stopped = false;
      schedule(intervalMs, 0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

function withTimeout<T>(work: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
