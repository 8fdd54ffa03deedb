/**
 * The one error type embedders throw, so callers (ingest CLI, chat handler) can react per cause without knowing the
 * provider.
 */
import { AppError, type CodesOf } from '../../config/app-error.js';

export type EmbeddingErrorCode = CodesOf<'embedding'>;

/**
 * An embedding request failed for good. `message` is for operators and says what to do; `code` is for code;
 * `cause` is the provider's original error (when there was one); `status` is the HTTP status when there was one.
 */
export class EmbeddingError extends AppError<EmbeddingErrorCode> {
  readonly status?: number;

  constructor(code: EmbeddingErrorCode, message: string, options: { cause?: unknown; status?: number } = {}) {
    super(code, message, { cause: options.cause });
    this.status = options.status;
  }
}
