/**
 * Bounded retries under one overall deadline, for chat requests a user is waiting on.
 *
 * Ours rather than LangChain's (`maxRetries: 0` there): LangChain's caller waits at least a second between attempts,
 * up to six times, with no way to shorten the delays in tests or to cap the total time.
 */
import { retry } from '../../config/retry.js';
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

/**
 * Runs `attempt` with an AbortSignal that fires at the deadline (or when the caller aborts), retrying failures that
 * `classify` calls retryable (config/retry.ts). A timeout reported by the transport is retried at most once; reaching
 * the deadline is never retried; a wait that would end past the deadline is not started; a retry-after longer than
 * maxDelayMs ends the retries. Always throws a ChatModelError: the classified last failure, or 'llm.timeout' when the
 * deadline passed or the caller aborted.
 */
export async function retryWithinDeadline<T>(
  attempt: (signal: AbortSignal) => Promise<T>,
  classify: (error: unknown) => LlmFailureVerdict,
  options: DeadlineOptions,
  policy: LlmRetryPolicy = {},
): Promise<T> {
  const timedOut = (cause?: unknown) =>
    new ChatModelError('llm.timeout', `The chat model at ${options.where} did not answer within ${options.budgetMs} ms.`, { cause });
  const cancelled = (cause?: unknown) =>
    new ChatModelError('llm.timeout', `The request to the chat model at ${options.where} was cancelled by the caller.`, { cause });
  if (options.signal?.aborted) throw cancelled(options.signal.reason);
  if (options.budgetMs <= 0) throw timedOut();

  const deadline = Date.now() + options.budgetMs;
  const atDeadline = new AbortController();
  const timer = setTimeout(() => atDeadline.abort(new Error('deadline reached')), options.budgetMs);
  const signal = options.signal ? AbortSignal.any([options.signal, atDeadline.signal]) : atDeadline.signal;
  let timeoutRetries = 0;
  let last: { error: unknown; verdict: LlmFailureVerdict } | undefined;
  const sleep = policy.sleep;
  try {
    return await retry(() => attempt(signal), {
      retries: policy.maxRetries ?? DEFAULT_LLM_RETRY_POLICY.maxRetries,
      baseDelayMs: policy.baseDelayMs ?? DEFAULT_LLM_RETRY_POLICY.baseDelayMs,
      maxDelayMs: policy.maxDelayMs ?? DEFAULT_LLM_RETRY_POLICY.maxDelayMs,
      // A server asking for a longer pause than we would wait: retrying sooner would only be refused again.
      longRetryAfter: 'give-up',
      deadline,
      // The caller's signal only: an answer that arrives just after the deadline is still used.
      ...(options.signal ? { signal: options.signal } : {}),
      ...(sleep ? { sleep: (ms: number) => sleep(ms) } : {}),
      classify: (error) => {
        const verdict = classify(error);
        last = { error, verdict };
        if (verdict.error.code !== 'llm.timeout' || !verdict.retryable) return verdict;
        timeoutRetries += 1;
        return { ...verdict, retryable: timeoutRetries <= 1 };
      },
    });
  } catch (error) {
    if (atDeadline.signal.aborted) throw timedOut(error);
    if (options.signal?.aborted) throw cancelled(error);
    // The classifier has seen every failure but one that used up the retries; classify that one here.
    const seen = last as { error: unknown; verdict: LlmFailureVerdict } | undefined;
    throw (seen && seen.error === error ? seen.verdict : classify(error)).error;
  } finally {
    clearTimeout(timer);
  }
}
