/**
 * Deletes rows that only matter for a while, so the tables that grow with traffic stay small:
 * - `processed_events`: de-duplication claims of every channel (Slack retries within the hour, Teams re-delivers a
 *   long turn within minutes), kept 2 days;
 * - `outbox`: rows delivered or given up, kept 30 days so a failed delivery can still be looked into.
 * - conversation content older than RETENTION_DAYS (bot/store/content-retention.ts: conversations, messages,
 *   feedback text, knowledge gaps, settled escalations' content; open escalations and pending deliveries stay).
 * The audit log keeps who did what, when. (Rate-limit windows are pruned by the rate limiter itself.)
 * It also returns escalations still claimed by a disabled adviser to the queue (see return-claims.ts).
 */
import type { Logger } from '../../config/logger.js';
import type { Db, Queryable } from '../../knowledge/index.js';
import { returnClaimsToQueue } from '../escalation/return-claims.js';
import { DEFAULT_RETENTION_DAYS, purgeExpiredContent, purgedAnything } from './content-retention.js';

export interface RetentionPolicy {
  processedEventsDays: number;
  settledOutboxDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { processedEventsDays: 2, settledOutboxDays: 30 };

/** Rows removed by one {@link purgeExpiredRows}. */
export interface PurgeReport {
  processedEvents: number;
  outbox: number;
}

/**
 * Removes the expired rows once.
 *
 * @example
 * const { outbox } = await purgeExpiredRows(db, new Date());
 */
export async function purgeExpiredRows(
  db: Queryable,
  now: Date,
  policy: RetentionPolicy = DEFAULT_RETENTION,
): Promise<PurgeReport> {
  const before = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
  const events = await db.query('DELETE FROM processed_events WHERE created_at < $1::timestamptz', [before(policy.processedEventsDays)]);
  const outbox = await db.query(
    `DELETE FROM outbox WHERE coalesce(delivered_at, failed_at) < $1::timestamptz`,
    [before(policy.settledOutboxDays)],
  );
  return { processedEvents: events.affectedRows, outbox: outbox.affectedRows };
}

/**
 * Returns to the queue the escalations still claimed by disabled advisers: disabling does this itself, so this only
 * finds a claim that raced the disable, or one from before disabling did it. Returns how many.
 */
export async function returnStrandedClaims(db: Db, now: Date): Promise<number> {
  const returned = await db.transaction((tx) => returnClaimsToQueue(tx, { actor: 'system', now }));
  return returned.length;
}

export interface HousekeepingOptions {
  /** RETENTION_DAYS: conversation content older than this goes. @default 180 */
  retentionDays?: number;
  /** @default an hour */
  intervalMs?: number;
}

/**
 * Runs {@link purgeExpiredRows}, {@link purgeExpiredContent} and {@link returnStrandedClaims} now and then every
 * `intervalMs` until stopped. Failures are logged and tried again next time. Every bot process may run it: the
 * deletes are idempotent and a stranded claim is returned once (row locks).
 */
export function startHousekeeping(db: Db, logger: Logger, options: HousekeepingOptions = {}): { stop(): void } {
  const retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
  // One after the other: both delete settled outbox rows, and the content purge's snapshot would fail on rows the
  // other deleted meanwhile.
  const purge = async () => {
    try {
      const report = await purgeExpiredRows(db, new Date());
      if (report.processedEvents + report.outbox > 0) logger.info('housekeeping: expired rows removed', { ...report });
    } catch (error) {
      logger.warn('housekeeping: could not remove expired rows; will try again', { error });
    }
    try {
      const report = await purgeExpiredContent(db, new Date(), { retentionDays });
      if (purgedAnything(report)) {
        logger.info('housekeeping: conversation content past the retention period removed', { retentionDays, deleted: report.deleted, emptied: report.emptied });
      }
    } catch (error) {
      logger.warn('housekeeping: could not remove content past the retention period; will try again', { error });
    }
  };
  const run = () =>
    Promise.all([
      purge(),
      returnStrandedClaims(db, new Date()).then(
        (returned) => {
          if (returned > 0) logger.info('housekeeping: escalations of disabled advisers returned to the queue', { returned });
        },
        (error: unknown) => logger.warn('housekeeping: could not return claims of disabled advisers; will try again', { error }),
      ),
    ]);
  void run();
  const timer = setInterval(run, options.intervalMs ?? 3_600_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
