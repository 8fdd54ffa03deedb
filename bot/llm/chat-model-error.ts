/**
 * The one error type a ChatModel throws. The code tells the engine (and the operator's logs) what went wrong without
 * leaking provider-specific error classes; the message is a single line, safe to log (no API key, no prompt text).
 */

export type ChatModelErrorCode =
  | 'llm.rate_limited'
  | 'llm.unavailable'
  | 'llm.timeout'
  | 'llm.unauthorized'
  | 'llm.bad_response';

export class ChatModelError extends Error {
  readonly code: ChatModelErrorCode;
  /** HTTP status from the provider, when there was one. */
  readonly status?: number;

  constructor(code: ChatModelErrorCode, message: string, options: { cause?: unknown; status?: number } = {}) {
    super(message.replace(/\s*\n\s*/g, ' ').trim(), { cause: options.cause });
    this.name = 'ChatModelError';
    this.code = code;
    this.status = options.status;
  }
}

/** True for a ChatModelError (also across module copies, by name and code). */
export function isChatModelError(error: unknown): error is ChatModelError {
  return (
    error instanceof ChatModelError ||
    (error instanceof Error && error.name === 'ChatModelError' && typeof (error as { code?: unknown }).code === 'string')
  );
}
