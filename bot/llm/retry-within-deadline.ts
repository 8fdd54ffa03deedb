/**
 * Bounded retries under one overall deadline, for chat requests a user is waiting on.
 *
 * Ours rather than LangChain's (`maxRetries: 0` there): LangChain's caller waits at least a second between attempts,
 * up to six times, with no way to shorten the delays in tests or to cap the total time.
 */
import { ChatModelError } from './chat-model-error.js';
import type { LlmFailureVerdict } from './classify-llm-error.js';

export interface LlmRetryPolicy {
  /** Retries after the first attempt, for 429 / 5xx / network errors (default 2). */
  maxRetries?: number;
  /** Delay before the first retry; doubles each time, ±25 % jitter (default 250 ms). */
  baseDelayMs?: number;
  /** Longest single wait, including a server's retry-after; a longer retry-after ends the retries (default 2 s). */
  maxDelayMs?: number;
  /** How to wait (default setTimeout); tests inject a recorder. */
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_LLM_RETRY_POLICY = { maxRetries: 2, baseDelayMs: 250, maxDelayMs: 2_000 } as const;

export interface DeadlineOptions {
  /** Total time for all attempts and waits, in ms. */
  budgetMs: number;
  /** The caller's cancellation. */
  signal?: AbortSignal;
  /** Where the request goes, for the timeout message. */
  where: string;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` with an AbortSignal that fires at the deadline (or when the caller aborts), retrying failures that
 * `classify` calls retryable. A timeout reported by the transport is retried at most once; reaching the deadline is
 * never retried; a wait that would end past the deadline is not started. Always throws a ChatModelError: the
 * classified last failure, or 'llm.timeout' when the deadline passed or the caller aborted.
 */
export async function retryWithinDeadline<T>(
  attempt: (signal: AbortSignal) => Promise<T>,
  classify: (error: unknown) => LlmFailureVerdict,
  options: DeadlineOptions,
  policy: LlmRetryPolicy = {},
): Promise<T> {
  const maxRetries = Math.max(0, policy.maxRetries ?? DEFAULT_LLM_RETRY_POLICY.maxRetries);
  const baseDelayMs = policy.baseDelayMs ?? DEFAULT_LLM_RETRY_POLICY.baseDelayMs;
  const maxDelayMs = policy.maxDelayMs ?? DEFAULT_LLM_RETRY_POLICY.maxDelayMs;
  const sleep = policy.sleep ?? defaultSleep;
  const deadline = Date.now() + options.budgetMs;
  const timedOut = (cause?: unknown) =>
    new ChatModelError('llm.timeout', `The chat model at ${options.where} did not answer within ${options.budgetMs} ms.`, { cause });
  const cancelled = (cause?: unknown) =>
    new ChatModelError('llm.timeout', `The request to the chat model at ${options.where} was cancelled by the caller.`, { cause });
  let timeoutRetries = 0;

  for (let retry = 0; ; retry += 1) {
    if (options.signal?.aborted) throw cancelled(options.signal.reason);
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw timedOut();

    const controller = new AbortController();
    let deadlineReached = false;
    const timer = setTimeout(() => {
      deadlineReached = true;
      controller.abort(new Error('deadline reached'));
    }, remaining);
    const forwardAbort = () => controller.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', forwardAbort, { once: true });
    try {
      return await attempt(controller.signal);
    } catch (error) {
      if (deadlineReached) throw timedOut(error);
      if (options.signal?.aborted) throw cancelled(error);
      const verdict = classify(error);
      const isTimeout = verdict.error.code === 'llm.timeout';
      if (!verdict.retryable || retry >= maxRetries || (isTimeout && timeoutRetries >= 1)) throw verdict.error;
      if (isTimeout) timeoutRetries += 1;
      // A server asking for a longer pause than we would wait: retrying sooner would only be refused again.
      if ((verdict.retryAfterMs ?? 0) > maxDelayMs) throw verdict.error;
      const backoff = baseDelayMs * 2 ** retry * (0.75 + Math.random() * 0.5);
      const wait = Math.min(maxDelayMs, Math.max(backoff, verdict.retryAfterMs ?? 0));
      if (Date.now() + wait >= deadline) throw verdict.error;
      await sleep(wait);
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', forwardAbort);
    }
  }
}
