/**
 * A short, bounded retry for replies to a live question: the WebClient is built with no retries of its own (its
 * default sleeps up to 30 minutes), so a 429 or a 5xx from Slack is retried here once or twice with backoff,
 * honouring Retry-After up to a cap; after that the answer goes to the outbox (answer-in-slack.ts). Platform errors
 * (`ok: false`, e.g. `channel_not_found`) are not retried.
 */
import { webApi } from '@slack/bolt';
import { retry } from '../../config/retry.js';

/** How often and how long to retry. */
export interface RetryPolicy {
  /** Attempts in all, including the first. @default 2 */
  attempts: number;
  /** First backoff; doubles each time, ±25 % jitter (config/retry.ts). @default 500 */
  baseDelayMs: number;
  /** No single wait is longer (Retry-After included). @default 2000 */
  maxDelayMs: number;
}

/** The default policy: 2 attempts within about 2 s; the outbox takes over after that. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 2, baseDelayMs: 500, maxDelayMs: 2_000 };

/** True for failures worth another attempt: rate limits, Slack's 5xx, network errors. */
export function isRetryableSlackError(error: unknown): boolean {
  if (error instanceof webApi.WebAPIRateLimitedError) return true;
  if (error instanceof webApi.WebAPIHTTPError) return error.statusCode >= 500 || error.statusCode === 429;
  if (error instanceof webApi.WebAPIRequestError) return true;
  return false;
}

/**
 * Runs `call` until it succeeds, a non-retryable error occurs, or the attempts are used up (then the last error is
 * thrown).
 *
 * @example
 * await withSlackRetry(() => client.chat.postMessage({ channel, text }), DEFAULT_RETRY_POLICY);
 */
export async function withSlackRetry<T>(
  call: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void,
): Promise<T> {
  return retry(call, {
    retries: Math.max(1, policy.attempts) - 1,
    baseDelayMs: policy.baseDelayMs,
    maxDelayMs: policy.maxDelayMs,
    classify: (error) => ({
      retryable: isRetryableSlackError(error),
      ...(error instanceof webApi.WebAPIRateLimitedError ? { retryAfterMs: error.retryAfter * 1000 } : {}),
    }),
    ...(onRetry ? { onRetry: (event) => onRetry(event.error, event.attempt, event.delayMs) } : {}),
  });
}

/**
 * The WebClient options every client of the adapter uses: the API URL, no built-in retries, 429s thrown. With
 * `turn`, each request waits for its turn of the event loop first (see work-queue.ts).
 */
export function slackClientOptions(apiUrl: string | undefined, turn?: () => Promise<void>): webApi.WebClientOptions {
  return {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    ...(turn ? { fetch: inTurns(turn) } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 15_000,
  };
}

function inTurns(turn: () => Promise<void>): webApi.FetchFunction {
  const fetchFn = globalThis.fetch as unknown as webApi.FetchFunction;
  return async (url, init) => {
    await turn();
    return fetchFn(url, init);
  };
}
