/**
 * A streamed chat request under the same rules as a whole one (retry-within-deadline.ts): one overall deadline for
 * the whole stream, the caller's cancellation, and every failure a ChatModelError. Failures before the first piece
 * of text are retried like `complete`'s; after it nothing is retried (the user has seen text by then, and a second
 * attempt would write a different answer), the failure is thrown and the caller falls back.
 */
import { ChatModelError, isChatModelError } from './chat-model-error.js';
import type { LlmFailureVerdict } from './classify-llm-error.js';
import { retryWithinDeadline, type DeadlineOptions, type LlmRetryPolicy } from './retry-within-deadline.js';

/**
 * Yields the pieces `open` yields (empty pieces skipped), opening it again on a retryable failure before the first
 * piece. Stopping the iteration early closes the underlying stream (and so its request).
 */
export async function* streamWithinDeadline(
  open: (signal: AbortSignal) => AsyncIterable<string>,
  classify: (error: unknown) => LlmFailureVerdict,
  options: DeadlineOptions,
  policy: LlmRetryPolicy = {},
): AsyncGenerator<string, void, undefined> {
  const timedOut = (cause?: unknown) =>
    new ChatModelError('llm.timeout', `The chat model at ${options.where} did not answer within ${options.budgetMs} ms.`, { cause });
  const cancelled = (cause?: unknown) =>
    new ChatModelError('llm.timeout', `The request to the chat model at ${options.where} was cancelled by the caller.`, { cause });
  if (options.signal?.aborted) throw cancelled(options.signal.reason);
  if (options.budgetMs <= 0) throw timedOut();

  // The whole stream's deadline; retryWithinDeadline keeps its own (the same budget) for the attempts before the first piece.
  const atDeadline = new AbortController();
  const timer = setTimeout(() => atDeadline.abort(new Error('deadline reached')), options.budgetMs);
  const signal = options.signal ? AbortSignal.any([options.signal, atDeadline.signal]) : atDeadline.signal;
  let iterator: AsyncIterator<string> | undefined;
  let finished = false;
  try {
    const first = await retryWithinDeadline(
      async (attemptSignal) => {
        const attempt = open(attemptSignal)[Symbol.asyncIterator]();
        try {
          for (;;) {
            const next = await attempt.next();
            if (next.done) return { attempt, piece: undefined };
            if (next.value !== '') return { attempt, piece: next.value };
          }
        } catch (error) {
          await attempt.return?.().catch(() => undefined);
          throw error;
        }
      },
      classify,
      { ...options, signal },
      policy,
    );
    iterator = first.attempt;
    if (first.piece === undefined) {
      finished = true;
      return;
    }
    yield first.piece;
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      if (next.value !== '') yield next.value;
    }
    finished = true;
  } catch (error) {
    finished = true;
    if (atDeadline.signal.aborted) throw timedOut(error);
    if (options.signal?.aborted) throw cancelled(error);
    throw isChatModelError(error) ? error : classify(error).error;
  } finally {
    clearTimeout(timer);
    // The caller stopped reading: close the model's stream, which ends its request.
    if (!finished) await iterator?.return?.().catch(() => undefined);
  }
}
