/**
 * Turning Bot Framework authentication failures into clean HTTP answers with one log line, instead of botbuilder's
 * default (a `console.error` stack trace per request, and HTTP 500 when Microsoft's sign-in metadata cannot be
 * fetched, as on a machine without internet).
 */
import { AppError } from '../../config/app-error.js';
import type { Logger } from '../../config/logger.js';

/** How a failed authentication is answered. */
export interface AuthFailure {
  /** 401: the request has no valid token. 503: we cannot check tokens right now (metadata unreachable). */
  status: 401 | 503;
  /** For the log line. */
  reason: string;
}

/** Raised when the token check takes longer than the configured limit (node-fetch has no timeout of its own). */
export class AuthTimeoutError extends AppError<'teams.auth_timeout'> {
  constructor(ms: number) {
    super('teams.auth_timeout', `checking the Bot Framework token took more than ${ms} ms`);
  }
}

const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/**
 * Classifies an error thrown by `BotFrameworkAuthentication.authenticateRequest`: network failures, timeouts and
 * 5xx answers from the metadata endpoints are ours (503); everything else means the token is not valid (401).
 */
export function classifyAuthError(error: unknown): AuthFailure {
  const failure = error as { name?: string; message?: string; statusCode?: unknown; code?: unknown } | undefined;
  const reason = failure?.message ?? String(error);
  const unreachable =
    error instanceof AuthTimeoutError ||
    failure?.name === 'FetchError' ||
    (typeof failure?.code === 'string' && /^E[A-Z_]+$/.test(failure.code)) ||
    (typeof failure?.statusCode === 'number' && failure.statusCode >= 500 && !TOKEN_ERRORS.has(failure.name ?? ''));
  return { status: unreachable ? 503 : 401, reason };
}

/** Rejects with {@link AuthTimeoutError} when `work` takes longer than `ms`. */
export async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new AuthTimeoutError(ms)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Logs a repeated problem once per window, then once more with how many were left out. */
export interface ThrottledLog {
  (level: 'warn' | 'error', key: string, message: string, details?: Record<string, unknown>): void;
}

/** A {@link ThrottledLog} on `logger`. */
export function createThrottledLog(logger: Logger, windowMs = 60_000, now: () => number = Date.now): ThrottledLog {
  const seen = new Map<string, { at: number; suppressed: number }>();
  return (level, key, message, details) => {
    const entry = seen.get(key);
    if (entry && now() - entry.at < windowMs) {
      entry.suppressed += 1;
      return;
    }
    const suppressed = entry?.suppressed ?? 0;
    seen.set(key, { at: now(), suppressed: 0 });
    logger[level](suppressed > 0 ? `${message} (${suppressed} more like it since the last report)` : message, details);
  };
}
