/**
 * The one retry helper: every retry in the project (chat model, embeddings, Slack posts) runs through `retry`, and
 * the outbox's persisted schedule takes its delays from `backoffDelay`. p-retry counts the attempts and stops on the
 * caller's abort signal; this module adds what p-retry leaves to its callers:
 * - the caller's classifier decides what is retryable (p-retry alone refuses to retry any TypeError that is not a
 *   network error, and turns thrown non-errors into TypeErrors, before a classifier could see them — so each failure
 *   travels through p-retry boxed, and the caller gets its own error back unchanged);
 * - a server's Retry-After is honoured (waited for, or ends the retries when longer than the caller will wait);
 * - an overall deadline: a wait that would end past it is not started;
 * - one backoff formula with jitter, and an injectable `sleep` so tests count waits instead of timing them.
 * Lives in config/ (the bottom layer) because knowledge, bot and adapters all use it.
 */
import pRetry from 'p-retry';

/** What the caller's classifier says about one failure. */
export interface RetryVerdict {
  retryable: boolean;
  /** Server-requested wait (Retry-After, a rate-limit reset); waited for when longer than the backoff. */
  retryAfterMs?: number;
}

/** The backoff: the n-th retry waits baseDelayMs · 2^(n-1), ± jitter, at least a Retry-After, at most maxDelayMs. */
export interface Backoff {
  /** Delay before the first retry. */
  baseDelayMs: number;
  /** Longest single wait, Retry-After included. */
  maxDelayMs: number;
  /**
   * Random spread as a fraction of the delay (0.25: ±25 %), so that clients failing together do not retry together.
   * @default 0.25
   */
  jitter?: number;
}

export interface RetryOptions extends Backoff {
  /** Retries after the first attempt. */
  retries: number;
  /** Whether a failure is worth another attempt, and how long the server asked us to wait. */
  classify: (error: unknown, attempt: number) => RetryVerdict;
  /**
   * A Retry-After longer than maxDelayMs: 'cap' waits maxDelayMs and tries again; 'give-up' rethrows at once (for
   * callers a user is waiting on: retrying sooner would only be refused again).
   * @default 'cap'
   */
  longRetryAfter?: 'cap' | 'give-up';
  /** Epoch ms after which no wait may end; the last failure is thrown instead of waiting past it. */
  deadline?: number;
  /** Stops waiting and retrying; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** How to wait (default: an abortable setTimeout); tests pass a recorder. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Called before each wait (for logs). */
  onRetry?: (event: { error: unknown; attempt: number; delayMs: number }) => void;
}

/** The delay before retry number `retry` (1 for the first retry), by the one formula. */
export function backoffDelay(retry: number, backoff: Backoff, retryAfterMs = 0): number {
  const jitter = backoff.jitter ?? 0.25;
  const exponential = backoff.baseDelayMs * 2 ** (Math.max(1, retry) - 1) * (1 - jitter + Math.random() * 2 * jitter);
  return Math.min(backoff.maxDelayMs, Math.max(exponential, retryAfterMs));
}

/** A failure on its way through p-retry (see the module comment for why it is boxed). */
class Failed extends Error {
  constructor(readonly original: unknown) {
    super('attempt failed');
  }
}

/**
 * Runs `operation` until it succeeds, `classify` calls a failure not retryable, the retries are used up, the next
 * wait would pass the deadline, or the signal aborts. Rethrows the last failure unchanged (the signal's reason when
 * aborted).
 *
 * @example
 * await retry(() => client.chat.postMessage(message), { retries: 1, baseDelayMs: 500, maxDelayMs: 2_000, classify });
 */
export async function retry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const sleep = options.sleep ?? abortableSleep;
  try {
    return await pRetry(
      async (attempt) => {
        try {
          return await operation(attempt);
        } catch (error) {
          throw new Failed(error);
        }
      },
      {
        retries: Math.max(0, options.retries),
        // The waits are ours (below): p-retry's own formula cannot honour a Retry-After.
        minTimeout: 0,
        maxTimeout: 0,
        signal: options.signal,
        shouldRetry: async ({ error, attemptNumber }) => {
          const failure = (error as Failed).original;
          const verdict = options.classify(failure, attemptNumber);
          if (!verdict.retryable) return false;
          const retryAfterMs = verdict.retryAfterMs ?? 0;
          if (retryAfterMs > options.maxDelayMs && options.longRetryAfter === 'give-up') return false;
          const delayMs = backoffDelay(attemptNumber, options, retryAfterMs);
          if (options.deadline !== undefined && Date.now() + delayMs >= options.deadline) return false;
          options.onRetry?.({ error: failure, attempt: attemptNumber, delayMs });
          await sleep(delayMs, options.signal);
          return true;
        },
      },
    );
  } catch (error) {
    throw error instanceof Failed ? error.original : error;
  }
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
