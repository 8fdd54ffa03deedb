/**
 * Bounded retries with exponential backoff, for calls to remote providers that fail transiently (429, 5xx, network).
 * Delays are injectable (`sleep`, `baseDelayMs`) so tests run in milliseconds.
 */

export interface RetryPolicy {
  /** Total attempts including the first (default 4). */
  attempts?: number;
  /** Delay before the 2nd attempt; doubles each time (default 500 ms). */
  baseDelayMs?: number;
  /** Upper bound for any single delay, including a server's `retry-after` (default 20 s). */
  maxDelayMs?: number;
  /** How to wait (default: setTimeout). */
  sleep?: (ms: number) => Promise<void>;
}

/** What the caller's classifier says about one failure. */
export interface FailureVerdict {
  retryable: boolean;
  /** Server-requested wait (e.g. from `retry-after`); used when longer than the backoff. */
  retryAfterMs?: number;
}

export const DEFAULT_RETRY_POLICY = { attempts: 4, baseDelayMs: 500, maxDelayMs: 20_000 } as const;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `operation` until it succeeds, `classify` calls a failure not retryable, or the attempts are used up; then
 * rethrows the last failure unchanged. Backoff: baseDelayMs * 2^(n-1) with ±25 % jitter (spreads concurrent
 * clients), at least the server's `retryAfterMs`, at most `maxDelayMs`.
 */
export async function retryWithBackoff<T>(
  operation: (attempt: number) => Promise<T>,
  classify: (error: unknown) => FailureVerdict,
  policy: RetryPolicy = {},
): Promise<T> {
  const attempts = Math.max(1, policy.attempts ?? DEFAULT_RETRY_POLICY.attempts);
  const baseDelayMs = policy.baseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs;
  const maxDelayMs = policy.maxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs;
  const sleep = policy.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation(attempt);
    } catch (error) {
      const verdict = classify(error);
      if (!verdict.retryable || attempt >= attempts) throw error;
      const backoff = baseDelayMs * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5);
      await sleep(Math.min(maxDelayMs, Math.max(backoff, verdict.retryAfterMs ?? 0)));
    }
  }
}
