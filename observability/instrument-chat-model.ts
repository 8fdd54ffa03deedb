/**
 * The chat model with metrics: calls, failures (by the ChatModelError code: `llm.timeout`, `llm.rate_limited`, …) and
 * the time of each call, retries included, per operation (`complete`, `stream`, `structured`). A stream is timed until
 * its last piece; one the caller stops reading early counts as a call, neither failed nor timed.
 */
import type { ZodType } from 'zod';
import type { ChatCallOptions, ChatMessage, ChatModel } from '../bot/llm/chat-model.js';
import { isChatModelError } from '../bot/llm/chat-model-error.js';
import { secondsSince, type Metrics } from './metrics.js';

type Operation = 'complete' | 'stream' | 'structured';

/** `model` whose calls are recorded in `metrics`. */
export function instrumentChatModel(model: ChatModel, metrics: Metrics): ChatModel {
  const { calls, errors, duration } = metrics.model;
  const timed = async <T>(operation: Operation, call: () => Promise<T>): Promise<T> => {
    calls.inc({ operation });
    const start = performance.now();
    try {
      const result = await call();
      duration.observe({ operation }, secondsSince(start));
      return result;
    } catch (error) {
      errors.inc({ operation, code: errorCode(error) });
      throw error;
    }
  };
  return {
    modelId: model.modelId,
    complete: (messages: ChatMessage[], opts?: ChatCallOptions) => timed('complete', () => model.complete(messages, opts)),
    structured: <T>(schema: ZodType<T>, messages: ChatMessage[], opts?: ChatCallOptions) =>
      timed('structured', () => model.structured(schema, messages, opts)),
    async *stream(messages: ChatMessage[], opts?: ChatCallOptions) {
      const operation = 'stream';
      calls.inc({ operation });
      const start = performance.now();
      try {
        yield* model.stream(messages, opts);
      } catch (error) {
        errors.inc({ operation, code: errorCode(error) });
        throw error;
      }
      duration.observe({ operation }, secondsSince(start));
    },
  };
}

/** The ChatModelError's code; anything else (a bug, not a provider failure) is `other`. */
function errorCode(error: unknown): string {
  return isChatModelError(error) ? error.code : 'other';
}
