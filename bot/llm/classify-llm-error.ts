/**
 * Turns whatever the openai SDK / LangChain threw into a ChatModelError, and says whether trying again could help.
 *
 * Duck-typed (status, name, headers, cause chain) rather than `instanceof`: `openai` is only a transitive dependency,
 * and LangChain re-wraps some errors (an SDK timeout becomes a plain Error named 'TimeoutError').
 */
import { ChatModelError, isChatModelError } from './chat-model-error.js';

/** Where the request went, for the messages. */
export interface LlmErrorContext {
  baseURL: string;
  model: string;
}

export interface LlmFailureVerdict {
  error: ChatModelError;
  retryable: boolean;
  /** Server-requested wait (retry-after), when it sent one. */
  retryAfterMs?: number;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND',
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_CLOSED',
]);

/** Classifies one failed chat request. */
export function classifyLlmError(error: unknown, context: LlmErrorContext): LlmFailureVerdict {
  if (isChatModelError(error)) return { error, retryable: false };
  const status = numberField(error, 'status');
  const detail = providerMessage(error);
  const where = `${context.baseURL} (model "${context.model}")`;
  const make = (code: ConstructorParameters<typeof ChatModelError>[0], message: string) =>
    new ChatModelError(code, message, { cause: error, status });

  if (status === 401 || status === 403) {
    return {
      retryable: false,
      error: make('llm.unauthorized', `The chat model at ${where} rejected the API key (${status}): check OPENAI_API_KEY.`),
    };
  }
  if (status === 429) {
    const quota = stringField(error, 'code') === 'insufficient_quota' || /quota|billing/i.test(detail);
    return {
      retryable: !quota,
      retryAfterMs: retryAfterMs(error),
      error: make(
        'llm.rate_limited',
        quota
          ? `The chat model account at ${where} has no quota left (429): check billing for OPENAI_API_KEY.`
          : `The chat model at ${where} is rate-limiting requests (429).`,
      ),
    };
  }
  if (status === 408 || isTimeout(error)) {
    return { retryable: true, error: make('llm.timeout', `The chat model at ${where} did not answer in time.`) };
  }
  if (status !== undefined && status >= 500) {
    return {
      retryable: true,
      retryAfterMs: retryAfterMs(error),
      error: make('llm.unavailable', `The chat model at ${where} failed (${status}): ${oneLine(detail)}`),
    };
  }
  if (status === 404) {
    return {
      retryable: false,
      error: make('llm.unavailable', `The chat model at ${where} was not found (404): check CHAT_MODEL and OPENAI_BASE_URL.`),
    };
  }
  if (status !== undefined) {
    return {
      retryable: false,
      error: make('llm.bad_response', `The chat model at ${where} refused the request (${status}): ${oneLine(detail)}`),
    };
  }
  const code = networkCode(error);
  if (code !== undefined || isConnectionError(error)) {
    return {
      retryable: code !== 'ENOTFOUND',
      error: make('llm.unavailable', `Could not reach the chat model at ${context.baseURL}${code ? ` (${code})` : ''}.`),
    };
  }
  // No HTTP status and no network failure: the server answered, but the answer could not be used (invalid JSON,
  // schema mismatch, refusal, truncated structured output).
  return {
    retryable: false,
    error: make('llm.bad_response', `The chat model at ${where} gave an unusable answer: ${oneLine(detail)}`),
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

/** First line, at most 200 characters: provider messages can quote the model's whole answer. */
function oneLine(text: string): string {
  const line = text.split('\n')[0]!.trim();
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
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
  if (code !== undefined && NETWORK_CODES.has(code)) return code;
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
  const ms = get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
