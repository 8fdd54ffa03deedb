/**
 * Translates what the openai SDK / LangChain throw into an EmbeddingError with an operator-facing message, and
 * decides whether the failure is worth retrying (reading the failure itself: ../openai/describe-openai-failure.ts).
 */
import { describeOpenAIFailure } from '../openai/describe-openai-failure.js';
import { EmbeddingError, type EmbeddingErrorCode } from './embedding-error.js';
import type { RetryVerdict } from '../../config/retry.js';

/** Where the request went, for the messages. */
export interface OpenAIErrorContext {
  baseURL: string;
  model: string;
}

export interface ClassifiedOpenAIError extends RetryVerdict {
  error: EmbeddingError;
}

/** Classifies one failure of an embeddings request. */
export function classifyOpenAIError(error: unknown, context: OpenAIErrorContext): ClassifiedOpenAIError {
  if (error instanceof EmbeddingError) return { error, retryable: false };
  const failure = describeOpenAIFailure(error);
  const { status, detail, networkCode: code } = failure;
  const where = `${context.baseURL} (model "${context.model}")`;
  const verdict = (code: EmbeddingErrorCode, message: string): ClassifiedOpenAIError => ({
    retryable: failure.retryable,
    ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
    error: new EmbeddingError(code, message, { cause: error, status }),
  });

  switch (failure.kind) {
    case 'unauthorized':
      return verdict(
        'embedding.unauthorized',
        `The embedding server rejected the API key (${status}) at ${where}: check OPENAI_API_KEY` +
          (status === 403 ? ' and that the key may use this model' : '') + `. Server said: ${detail}`,
      );
    case 'quota':
      return verdict(
        'embedding.rate_limited',
        `The embedding account at ${where} has no quota left (429 insufficient_quota): check billing for OPENAI_API_KEY.`,
      );
    case 'rate_limited':
      return verdict(
        'embedding.rate_limited',
        `The embedding server kept rate-limiting requests (429) at ${where}: wait and retry, or embed fewer texts at once.`,
      );
    case 'timeout':
      return verdict('embedding.timeout', `The embedding request to ${where} timed out: check the server, or raise OPENAI_TIMEOUT_MS.`);
    case 'server_error':
      return verdict('embedding.unavailable', `The embedding server at ${where} kept failing (${status}): try again later. Server said: ${detail}`);
    case 'refused':
      return verdict(
        'embedding.bad_response',
        `The embedding server at ${where} refused the request (${status}): check EMBEDDING_MODEL and ` +
          `EMBEDDING_DIMENSIONS. Server said: ${detail}`,
      );
    case 'unknown_host':
      return verdict(
        'embedding.unavailable',
        `The embedding server's host name in ${context.baseURL} does not resolve (${code}): check OPENAI_BASE_URL.`,
      );
    case 'unreachable':
      return verdict(
        'embedding.unavailable',
        `Could not reach the embedding server at ${context.baseURL}${code ? ` (${code})` : ''}: check that it ` +
          'is running and that OPENAI_BASE_URL is right.',
      );
    case 'other':
      return verdict('embedding.bad_response', `The embedding request to ${where} failed unexpectedly: ${detail}`);
  }
}
