/**
 * The request a piece of work belongs to, carried with AsyncLocalStorage: whatever runs while handling one HTTP
 * request, Slack event or Teams activity — the engine, the stores, the delivery path, work that goes on after the
 * platform was answered — logs with that request's id (config/logger.ts adds it to every line), without passing it
 * down by hand. AsyncLocalStorage follows awaits, promise callbacks and timers started inside the context.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What is known about the request being handled. */
export interface RequestContext {
  /** Our id of the request: a trusted proxy's `X-Request-Id`, a Slack event id, or a new UUID. */
  readonly requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The context of the work running now, if it belongs to a request. */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** The id of the request being handled now, if any. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/**
 * Runs `work` (and everything it starts) inside the context of one request.
 *
 * @example
 * runInRequestContext({ requestId: newRequestId() }, () => handleEvent(event));
 */
export function runInRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** A fresh request id. */
export function newRequestId(): string {
  return randomUUID();
}

/**
 * Letters, digits and `-_.:/+=` only, 1 to 128 characters: a request id we accept from outside (a proxy's header, a
 * platform's event id) must not carry line breaks, markup or a whole message into the log.
 */
const ACCEPTABLE_ID = /^[A-Za-z0-9\-_.:/+=]{1,128}$/;

/** `value` when it is usable as a request id from outside, else undefined. */
export function acceptableRequestId(value: unknown): string | undefined {
  return typeof value === 'string' && ACCEPTABLE_ID.test(value) ? value : undefined;
}

/**
 * Runs `work` outside any request context: for a shared background loop (a poller, a cache refresh) that the first
 * request happens to start, so its later lines are not attributed to that request.
 *
 * @example
 * if (!running) outsideRequestContext(start);
 */
export function outsideRequestContext<T>(work: () => T): T {
  return storage.exit(work);
}
