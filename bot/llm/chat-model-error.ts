/**
 * The one error type a ChatModel throws. The code tells the engine (and the operator's logs) what went wrong without
 * leaking provider-specific error classes; the message is a single line, safe to log (no API key, no prompt text).
 */
import { AppError, type CodesOf } from '../../config/app-error.js';

export type ChatModelErrorCode = CodesOf<'llm'>;

export class ChatModelError extends AppError<ChatModelErrorCode> {
  /** HTTP status from the provider, when there was one. */
  readonly status?: number;

  constructor(code: ChatModelErrorCode, message: string, options: { cause?: unknown; status?: number } = {}) {
    super(code, message.replace(/\s*\n\s*/g, ' ').trim(), { cause: options.cause });
    this.status = options.status;
  }
}

/** True for a ChatModelError. */
export function isChatModelError(error: unknown): error is ChatModelError {
  return error instanceof ChatModelError;
}
