/**
 * Bolt refuses a signed request whose `X-Slack-Request-Timestamp` is more than 5 minutes old, but not one from the
 * future, so a signature captured with a timestamp ahead of time would stay replayable until then (Slack's docs
 * describe an absolute-difference check; Bolt's is one-sided). This middleware runs before Bolt's receiver, reads
 * only the header (the raw body stays untouched for Bolt's signature check) and answers 401 to a timestamp more than
 * {@link MAX_FUTURE_SKEW_SECONDS} ahead of this server's clock.
 */
import type express from 'express';
import type { Logger } from '../../config/logger.js';

/** The margin for clock differences, the same as Bolt's window for old requests. */
export const MAX_FUTURE_SKEW_SECONDS = 300;

/** Express middleware for `POST /slack/events`; `now` is injectable for tests. */
export function refuseFutureTimestamps(logger: Logger, now: () => number = Date.now): express.RequestHandler {
  return (request, response, next) => {
    const header = request.headers['x-slack-request-timestamp'];
    const timestamp = Number(Array.isArray(header) ? header[0] : header);
    // A missing or malformed header is Bolt's to refuse; only a well-formed future one is ours.
    if (!Number.isFinite(timestamp) || timestamp <= Math.floor(now() / 1000) + MAX_FUTURE_SKEW_SECONDS) return next();
    logger.warn(`slack: refused a request timestamped ${timestamp - Math.floor(now() / 1000)} s in the future (more than ${MAX_FUTURE_SKEW_SECONDS} s)`);
    response.status(401).end();
  };
}
