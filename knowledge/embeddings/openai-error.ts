/**
 * Translates what the openai SDK / LangChain throw into an EmbeddingError with an operator-facing message, and
 * decides whether the failure is worth retrying.
 *
 * Recognised by duck typing (status, headers, cause chain), not `instanceof`: `openai` is only a transitive
 * dependency, and LangChain re-wraps some errors (timeouts become a plain Error named 'TimeoutError').
 */
import { EmbeddingError } from './embedding-error.js';
import type { FailureVerdict } from './retry-with-backoff.js';

/** Where the request went, for the messages. */
export interface OpenAIErrorContext {
  baseURL: string;
  model: string;
}

export interface ClassifiedOpenAIError extends FailureVerdict {
  error: EmbeddingError;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_CLOSED',
]);
const NAME_NOT_FOUND_CODES = new Set(['ENOTFOUND']);

/** Classifies one failure of an embeddings request. */
export function classifyOpenAIError(error: unknown, context: OpenAIErrorContext): ClassifiedOpenAIError {
  if (error instanceof EmbeddingError) return { error, retryable: false };
  const status = numberField(error, 'status');
  const detail = providerMessage(error);
  const where = `${context.baseURL} (model "${context.model}")`;

  if (status === 401 || status === 403) {
    return {
      retryable: false,
      error: new EmbeddingError(
        'embedding.unauthorized',
        `The embedding server rejected the API key (${status}) at ${where}: check OPENAI_API_KEY` +
          (status === 403 ? ' and that the key may use this model' : '') + `. Server said: ${detail}`,
        { cause: error, status },
      ),
    };
  }
  if (status === 429) {
    const quota = stringField(error, 'code') === 'insufficient_quota' || /quota|billing/i.test(detail);
    return {
      retryable: !quota,
      retryAfterMs: retryAfterMs(error),
      error: new EmbeddingError(
        'embedding.rate_limited',
        quota
          ? `The embedding account at ${where} has no quota left (429 insufficient_quota): check billing for OPENAI_API_KEY.`
          : `The embedding server kept rate-limiting requests (429) at ${where}: wait and retry, or embed fewer texts at once.`,
        { cause: error, status },
      ),
    };
  }
  if (status === 408 || isTimeout(error)) {
    return {
      retryable: true,
      error: new EmbeddingError(
        'embedding.timeout',
        `The embedding request to ${where} timed out: check the server, or raise OPENAI_TIMEOUT_MS.`,
        { cause: error, status },
      ),
    };
  }
  if (status !== undefined && status >= 500) {
    return {
      retryable: true,
      retryAfterMs: retryAfterMs(error),
      error: new EmbeddingError(
        'embedding.unavailable',
        `The embedding server at ${where} kept failing (${status}): try again later. Server said: ${detail}`,
        { cause: error, status },
      ),
    };
  }
  if (status !== undefined) {
    return {
      retryable: false,
      error: new EmbeddingError(
        'embedding.bad_response',
        `The embedding server at ${where} refused the request (${status}): check EMBEDDING_MODEL and ` +
          `EMBEDDING_DIMENSIONS. Server said: ${detail}`,
        { cause: error, status },
      ),
    };
  }
  const code = networkCode(error);
  if (code !== undefined || isConnectionError(error)) {
    const unknownHost = code !== undefined && NAME_NOT_FOUND_CODES.has(code);
    return {
      retryable: !unknownHost,
      error: new EmbeddingError(
        'embedding.unavailable',
        unknownHost
          ? `The embedding server's host name in ${context.baseURL} does not resolve (${code}): check OPENAI_BASE_URL.`
          : `Could not reach the embedding server at ${context.baseURL}${code ? ` (${code})` : ''}: check that it ` +
            'is running and that OPENAI_BASE_URL is right.',
        { cause: error },
      ),
    };
  }
  return {
    retryable: false,
    error: new EmbeddingError(
      'embedding.bad_response',
      `The embedding request to ${where} failed unexpectedly: ${detail}`,
      { cause: error },
    ),
  };
}

function numberField(value: unknown, key: string): number | undefined {
  const field = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof field === 'number' ? field : undefined;
}

function stringField(value: unknown, key: string): string | undefined {
  const field = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof field === 'string' ? field : undefined;
}

/** The provider's own message, without LangChain's appended troubleshooting link. */
function providerMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n\nTroubleshooting URL')[0]!.trim();
}

function isTimeout(error: unknown): boolean {
  const name = stringField(error, 'name');
  const className = typeof error === 'object' && error !== null ? error.constructor.name : '';
  return name === 'TimeoutError' || className === 'APIConnectionTimeoutError' || /timed out/i.test(providerMessage(error));
}

function isConnectionError(error: unknown): boolean {
  const className = typeof error === 'object' && error !== null ? error.constructor.name : '';
  return className === 'APIConnectionError' || /connection error|fetch failed/i.test(providerMessage(error));
}

/** A system error code (ECONNREFUSED, …) anywhere in the cause chain, including inside AggregateErrors. */
function networkCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 6) return undefined;
  const code = stringField(error, 'code');
  if (code !== undefined && (NETWORK_CODES.has(code) || NAME_NOT_FOUND_CODES.has(code))) return code;
  const nested = [(error as { cause?: unknown }).cause, ...((error as { errors?: unknown[] }).errors ?? [])];
  for (const inner of nested) {
    const found = networkCode(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** `retry-after-ms` or `retry-after` (seconds or HTTP date) from the error's response headers. */
function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { headers?: unknown }).headers;
  const get = (name: string): string | null | undefined => {
    if (headers && typeof (headers as Headers).get === 'function') return (headers as Headers).get(name);
    if (headers && typeof headers === 'object') return (headers as Record<string, string | undefined>)[name];
    return undefined;
  };
  const milliseconds = Number(get('retry-after-ms'));
  if (get('retry-after-ms') && Number.isFinite(milliseconds)) return Math.max(0, milliseconds);
  const value = get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
