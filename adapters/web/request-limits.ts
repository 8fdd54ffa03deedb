/**
 * Rate limits of the web API, per client address (`req.ip`, which honours `TRUST_PROXY`) and per anonymous user.
 * With a database the counters live in Postgres and hold across instances (bot/store/rate-limiter.ts); without one
 * (tests, a database-less setup) they are kept in this process. Past a limit: 429 with `Retry-After`.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { Queryable } from '../../knowledge/db/db.js';
import { checkRateLimit, peekRateLimit, windowOf, type RateLimitDecision } from '../../bot/store/rate-limiter.js';
import { sendError } from './http-errors.js';
import type { Logger } from '../../config/logger.js';

/** Counts one event under `key` and says whether it is within `limit` per `windowSeconds`. */
export type RateCounter = (key: string, limit: number, windowSeconds: number) => Promise<RateLimitDecision>;

/** A limit per client address and per user, per window. */
export interface RouteLimit {
  perAddress: number;
  perUser: number;
  windowSeconds: number;
}

/** Limits of the web API's POST routes. */
export interface WebRateLimits {
  chat: RouteLimit;
  feedback: RouteLimit;
  adviser: RouteLimit;
  /** "Del jeres erfaring": a form with up to 10 MB attached. */
  submission: RouteLimit;
}

/**
 * Defaults. Per address they are generous because a whole town hall can share one address; per user the chat's
 * limit is the engine's own (20 a minute), so the adapter adds none.
 */
export const DEFAULT_WEB_RATE_LIMITS: WebRateLimits = {
  chat: { perAddress: 120, perUser: Number.POSITIVE_INFINITY, windowSeconds: 60 },
  feedback: { perAddress: 120, perUser: 30, windowSeconds: 60 },
  adviser: { perAddress: 20, perUser: 5, windowSeconds: 60 },
  // Room to correct a form a few times; each try may carry 10 MB.
  submission: { perAddress: 60, perUser: 10, windowSeconds: 600 },
};

/** Counters in Postgres. */
export function databaseRateCounter(db: Queryable): RateCounter {
  return (key, limit, windowSeconds) => checkRateLimit(db, key, { limit, windowSeconds });
}

/** Counters in this process only (no database): fixed windows, old windows dropped as they pass. */
export function memoryRateCounter(now: () => number = Date.now): RateCounter {
  const counts = new Map<string, { windowStart: number; count: number }>();
  return async (key, limit, windowSeconds) => {
    const window = windowOf(new Date(now()), windowSeconds);
    const windowStart = window.start.getTime();
    if (counts.size > 10_000) for (const [k, v] of counts) if (v.windowStart < windowStart) counts.delete(k);
    const entry = counts.get(key);
    const count = entry && entry.windowStart === windowStart ? entry.count + 1 : 1;
    counts.set(key, { windowStart, count });
    return { allowed: count <= limit, retryAfterSeconds: window.retryAfterSeconds };
  };
}

/** Reads a counter without counting (the sign-in throttle peeks before it tries a token). */
export type RatePeek = (key: string, limit: number, windowSeconds: number) => Promise<RateLimitDecision>;

/** The database's peek, for {@link RatePeek}. */
export function databaseRatePeek(db: Queryable): RatePeek {
  return (key, limit, windowSeconds) => peekRateLimit(db, key, { limit, windowSeconds });
}

/** Sends 429 with `Retry-After` and a Danish message. */
export function sendRateLimited(res: Response, retryAfterSeconds: number): void {
  res.set('Retry-After', String(retryAfterSeconds));
  sendError(res, 429, 'rate_limited', `Du har sendt for mange forespørgsler. Prøv igen om ${retryAfterSeconds} sekunder.`);
}

/**
 * Middleware for one route: counts the request against the caller's address and (when `userOf` names one) user.
 * A counter that fails (database down) lets the request through: the route itself will then answer the failure.
 */
export function limitRequests(options: {
  route: string;
  limit: RouteLimit;
  counter: RateCounter;
  logger: Logger;
  userOf?: (req: Request, res: Response) => string;
}): RequestHandler {
  const { route, limit, counter, logger, userOf } = options;
  return async (req, res, next) => {
    try {
      const checks: Array<Promise<RateLimitDecision>> = [counter(`address:web-${route}:${req.ip ?? 'unknown'}`, limit.perAddress, limit.windowSeconds)];
      if (userOf && Number.isFinite(limit.perUser)) checks.push(counter(`user:web-${route}:${userOf(req, res)}`, limit.perUser, limit.windowSeconds));
      const refused = (await Promise.all(checks)).filter((decision) => !decision.allowed);
      if (refused.length > 0) return sendRateLimited(res, Math.max(...refused.map((decision) => decision.retryAfterSeconds)));
    } catch (cause) {
      logger.warn('rate limit check failed; letting the request through', { route, cause });
    }
    next();
  };
}
