/**
 * Keeps the insight rollup (insight_daily) current for the days a report reads. A day before yesterday is built
 * once, for good. Today and yesterday still change (yesterday too: a transaction begun before midnight commits after
 * it), so they are built again whenever a message, vote or gap was written since they were last built. What changes
 * later about an older day (a vote changed from 👍 to 👎 a week on, a conversation deleted by housekeeping) is not
 * recounted: the rollup keeps what the day held.
 */
import type { Db } from '../../knowledge/index.js';
import { addDays, periodInstants } from './insight-period.js';
import { BUILD_SQL, BUILT_DAYS_SQL, CHANGED_SINCE_SQL, DELETE_DAYS_SQL, MARK_BUILT_SQL } from './insight-rollup-queries.js';

/** Days this close to today (0 = today) are never final. */
export const RECENT_DAYS = 2;

/**
 * How far before a build its "since" is taken: a row is stamped when its statement runs but seen only when its
 * transaction commits, so a write stamped just before a build may have been invisible to it.
 */
const COMMIT_MARGIN_MS = 60_000;

/** Builds the rollup rows of the days `first`..`last` in one transaction and records them as built. */
async function buildDays(db: Db, first: string, last: string, timezone: string, final: boolean): Promise<void> {
  const { start, end } = periodInstants(first, last, timezone);
  const days: string[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) days.push(day);
  await db.transaction(async (tx) => {
    await tx.query(DELETE_DAYS_SQL, [first, last, timezone]);
    for (const sql of BUILD_SQL) await tx.query(sql, [start.toISOString(), end.toISOString(), timezone]);
    await tx.query(MARK_BUILT_SQL, [timezone, days, final]);
  });
}

/** Runs of consecutive days, e.g. [d1, d2, d4] → [[d1, d2], [d4, d4]]. */
function runs(days: string[]): [string, string][] {
  const result: [string, string][] = [];
  for (const day of days) {
    const last = result[result.length - 1];
    if (last && addDays(last[1], 1) === day) last[1] = day;
    else result.push([day, day]);
  }
  return result;
}

/** Makes sure the rollup holds the days `from`..`to` (dates in `timezone`), `today` being today there. */
export async function ensureRollup(db: Db, from: string, to: string, timezone: string, today: string): Promise<void> {
  const last = to < today ? to : today;
  if (from > last) return;
  const recentFrom = addDays(today, -(RECENT_DAYS - 1));
  const built = new Map(
    (await db.query<{ day: string; final: boolean; built_at: Date | string }>(BUILT_DAYS_SQL, [from, last, timezone])).rows.map((row) => [row.day, row]),
  );
  const missing: string[] = [];
  for (let day = from; day <= last && day < recentFrom; day = addDays(day, 1)) if (!built.get(day)?.final) missing.push(day);
  for (const [first, end] of runs(missing)) await buildDays(db, first, end, timezone, true);

  const liveFrom = from > recentFrom ? from : recentFrom;
  if (liveFrom > last) return;
  let oldest: number | undefined;
  for (let day = liveFrom; day <= last; day = addDays(day, 1)) {
    const row = built.get(day);
    const at = row ? new Date(row.built_at).getTime() : Number.NEGATIVE_INFINITY;
    oldest = oldest === undefined ? at : Math.min(oldest, at);
  }
  const stale =
    oldest === undefined ||
    !Number.isFinite(oldest) ||
    (await db.query<{ changed: boolean }>(CHANGED_SINCE_SQL, [new Date(oldest - COMMIT_MARGIN_MS).toISOString()])).rows[0]?.changed !== false;
  if (stale) await buildDays(db, liveFrom, last, timezone, false);
}
