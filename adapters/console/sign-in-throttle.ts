/**
 * Advisers' sign-in throttle: after `maxFailures` wrong tokens from one client address (`req.ip`, which honours
 * `TRUST_PROXY`) within `windowSeconds`, that address gets 429 with `Retry-After` until the window ends, whatever
 * it sends. Counted in Postgres, so it holds across instances.
 */
import type { Queryable } from '../../knowledge/db/db.js';
import { checkRateLimit, peekRateLimit } from '../../bot/store/rate-limiter.js';

/** Limits of the throttle. */
export interface SignInThrottleOptions {
  /** @default 10 */
  maxFailures?: number;
  /** @default 900 (15 minutes) */
  windowSeconds?: number;
  now?: () => Date;
}

/** Ask before trying a token; report each wrong one. */
export interface SignInThrottle {
  /** Undefined when the address may try; else the seconds until it may try again. */
  blockedFor(address: string): Promise<number | undefined>;
  failed(address: string): Promise<void>;
}

/** Creates the throttle on the database's rate-limit counters. */
export function createSignInThrottle(db: Queryable, options: SignInThrottleOptions = {}): SignInThrottle {
  const { maxFailures = 10, windowSeconds = 900, now = () => new Date() } = options;
  const key = (address: string) => `address:adviser-sign-in-failures:${address}`;
  return {
    async blockedFor(address) {
      const decision = await peekRateLimit(db, key(address), { limit: maxFailures, windowSeconds, now: now() });
      return decision.allowed ? undefined : decision.retryAfterSeconds;
    },
    async failed(address) {
      await checkRateLimit(db, key(address), { limit: maxFailures, windowSeconds, now: now() });
    },
  };
}

/** "Prøv igen om 3 minutter." / "… om 40 sekunder." */
export function tryAgainIn(seconds: number): string {
  if (seconds < 90) return `Prøv igen om ${seconds} sekunder.`;
  return `Prøv igen om ${Math.ceil(seconds / 60)} minutter.`;
}
