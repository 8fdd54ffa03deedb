/**
 * Global Bolt middleware: the rest of an event's handling (listeners, engine, stores, the answer posted after the
 * acknowledgement) runs inside a request context (observability/request-context.ts), so every line it logs carries
 * the same `requestId`. Over HTTP the request already has one (observability/request-logging.ts) and keeps it; in
 * Socket Mode, which never goes through HTTP, the id is the envelope's `event_id` (Slack's own id of the event, the
 * one its retries repeat) or, for actions, commands and views, a new UUID.
 */
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { acceptableRequestId, currentRequestId, newRequestId, runInRequestContext } from '../../observability/request-context.js';

/**
 * The middleware; register it first (`app.use(slackRequestContext())`).
 *
 * @example
 * app.use(slackRequestContext());
 */
export function slackRequestContext(): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    if (currentRequestId() !== undefined) return next();
    const requestId = acceptableRequestId((body as { event_id?: unknown }).event_id) ?? newRequestId();
    await runInRequestContext({ requestId }, () => next());
  };
}
