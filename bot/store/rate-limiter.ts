/**
 * Fixed-window counters kept in Postgres (`rate_limits`), so a limit holds across several bot processes: per user
 * for messages, per client address for the web API, and failed sign-ins per address for the advisers' console.
 */
import type { Queryable } from '../../knowledge/index.js';

/** Whether one more request may pass, and when the window ends. */
export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until the current window ends (when not allowed). */
  retryAfterSeconds: number;
}

/**
 * A fixed-window per-user limit kept in Postgres, so it holds across several bot processes.
 * @param options.limit messages allowed per window; `now` the clock (default: the current time)
 */
export async function checkRateLimit(
  db: Queryable,
  userKey: string,
  options: { limit: number; windowSeconds: number; now?: Date },
): Promise<RateLimitDecision> {
  const now = options.now ?? new Date();
  const { start: windowStart, retryAfterSeconds } = windowOf(now, options.windowSeconds);
  const result = await db.query<{ count: number }>(
    `INSERT INTO rate_limits (user_key, window_start, count) VALUES ($1, $2, 1)
     ON CONFLICT (user_key, window_start) DO UPDATE SET count = rate_limits.count + 1
     RETURNING count`,
    [userKey, windowStart.toISOString()],
  );
  const count = Number(result.rows[0]?.count ?? 1);
  await sometimesDropOldWindows(db, now);
  return { allowed: count <= options.limit, retryAfterSeconds };
}

/**
 * Once in about a hundred calls, deletes windows older than a day: cheap, and no scheduler is needed. Measured on
 * the same clock as the windows (not the database's now()), so an injected or skewed clock cannot delete the
 * current window. Call it after counting.
 */
export async function sometimesDropOldWindows(db: Queryable, now: Date, random: () => number = Math.random): Promise<void> {
  if (random() >= 0.01) return;
  await db.query('DELETE FROM rate_limits WHERE window_start < $1', [new Date(now.getTime() - 86_400_000).toISOString()]);
}

/** The fixed window a timestamp falls in, and the seconds left of it (at least 1). */
export function windowOf(now: Date, windowSeconds: number): { start: Date; retryAfterSeconds: number } {
  const windowMs = windowSeconds * 1000;
  const start = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  return { start, retryAfterSeconds: Math.max(1, Math.ceil((start.getTime() + windowMs - now.getTime()) / 1000)) };
}

/**
 * Reads a counter without counting: `allowed` is false once `limit` events were counted in the current window.
 * With {@link checkRateLimit} as the counter, this is a throttle after repeated failures: peek before trying,
 * count only what failed.
 */
export async function peekRateLimit(
  db: Queryable,
  key: string,
  options: { limit: number; windowSeconds: number; now?: Date },
): Promise<RateLimitDecision> {
  const { start, retryAfterSeconds } = windowOf(options.now ?? new Date(), options.windowSeconds);
  const result = await db.query<{ count: number }>('SELECT count FROM rate_limits WHERE user_key = $1 AND window_start = $2', [
    key,
    start.toISOString(),
  ]);
  return { allowed: Number(result.rows[0]?.count ?? 0) < options.limit, retryAfterSeconds };
}
