/**
 * The one error type embedders throw, so callers (ingest CLI, chat handler) can react per cause without knowing the
 * provider.
 */

export type EmbeddingErrorCode =
  | 'embedding.unauthorized'
  | 'embedding.rate_limited'
  | 'embedding.unavailable'
  | 'embedding.bad_response'
  | 'embedding.timeout';

/**
 * An embedding request failed for good. `message` is for operators and says what to do; `code` is for code;
 * `cause` is the provider's original error (when there was one); `status` is the HTTP status when there was one.
 */
export class EmbeddingError extends Error {
  readonly code: EmbeddingErrorCode;
  readonly status?: number;

  constructor(code: EmbeddingErrorCode, message: string, options: { cause?: unknown; status?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = 'EmbeddingError';
    this.code = code;
    this.status = options.status;
  }
}
