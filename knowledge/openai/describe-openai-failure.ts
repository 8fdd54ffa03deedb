/**
 * What went wrong with a request to OpenAI or an OpenAI-compatible server, read from whatever the openai SDK or
 * LangChain threw: the HTTP status, a network error code anywhere in the cause chain, a timeout, the server's
 * retry-after. The embedder and the chat model both start here and turn the answer into their own error with their
 * own advice (`classifyOpenAIError`, `classifyLlmError`).
 *
 * Duck-typed (status, name, headers, cause chain), not `instanceof`: `openai` is only a transitive dependency, and
 * LangChain re-wraps some errors (an SDK timeout becomes a plain Error named 'TimeoutError').
 */

/** The kinds of failure, from the caller's point of view. */
export type OpenAIFailureKind =
  /** 401/403: the key is wrong or may not use the model. */
  | 'unauthorized'
  /** 429 with insufficient_quota: waiting will not help. */
  | 'quota'
  /** 429: too many requests, try again later. */
  | 'rate_limited'
  /** 408, or the client gave up waiting. */
  | 'timeout'
  /** 5xx. */
  | 'server_error'
  /** Any other HTTP status: the server refused this request (404 included). */
  | 'refused'
  /** No HTTP answer: connection refused, reset, … */
  | 'unreachable'
  /** The host name does not resolve. */
  | 'unknown_host'
  /** Neither an HTTP status nor a network failure: an answer that could not be used, or a bug. */
  | 'other';

export interface OpenAIFailure {
  kind: OpenAIFailureKind;
  /** Worth another attempt (rate limits, timeouts, 5xx, network failures other than an unknown host). */
  retryable: boolean;
  status?: number;
  /** The network error code, for 'unreachable' and 'unknown_host'. */
  networkCode?: string;
  /** Server-requested wait (retry-after-ms / retry-after), when it sent one. */
  retryAfterMs?: number;
  /** The provider's own message, without LangChain's troubleshooting link. */
  detail: string;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_CLOSED',
]);
const NAME_NOT_FOUND_CODES = new Set(['ENOTFOUND']);

/**
 * Reads one failure.
 *
 * @example
 * const failure = describeOpenAIFailure(error);
 * if (failure.kind === 'quota') console.error('check billing');
 */
export function describeOpenAIFailure(error: unknown): OpenAIFailure {
  const status = numberField(error, 'status');
  const detail = providerMessage(error);
  if (status === 401 || status === 403) return { kind: 'unauthorized', retryable: false, status, detail };
  if (status === 429) {
    const quota = stringField(error, 'code') === 'insufficient_quota' || /quota|billing/i.test(detail);
    return { kind: quota ? 'quota' : 'rate_limited', retryable: !quota, status, retryAfterMs: retryAfterMs(error), detail };
  }
  if (status === 408 || isTimeout(error)) return { kind: 'timeout', retryable: true, status, detail };
  if (status !== undefined && status >= 500) {
    return { kind: 'server_error', retryable: true, status, retryAfterMs: retryAfterMs(error), detail };
  }
  if (status !== undefined) return { kind: 'refused', retryable: false, status, detail };
  const code = networkCode(error);
  if (code !== undefined && NAME_NOT_FOUND_CODES.has(code)) return { kind: 'unknown_host', retryable: false, networkCode: code, detail };
  if (code !== undefined || isConnectionError(error)) return { kind: 'unreachable', retryable: true, networkCode: code, detail };
  return { kind: 'other', retryable: false, detail };
}

function numberField(value: unknown, key: string): number | undefined {
  const field = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof field === 'number' ? field : undefined;
}

function stringField(value: unknown, key: string): string | undefined {
  const field = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof field === 'string' ? field : undefined;
}

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
