/**
 * The one error base of the project, and the one table of error codes. Every error class of ours extends AppError
 * with a code from ERROR_CODES; code recognises errors by `instanceof` and `code`, never by `name`. Each adapter maps
 * the codes once: the web API and console to HTTP status and JSON (adapters/web/error-responses.ts), the command line
 * to an exit code and one line (bin/lib/run-cli.ts). Lives in config/ (the bottom layer) because every layer throws.
 *
 * `userFixable`: the person running the program (operator, CLI user) fixes it with a setting, an argument or a file;
 * shown as one line without a stack trace. Everything else is our bug or an outage, logged with its stack.
 */

/** Every error code, by area, with who can fix it. */
export const ERROR_CODES = {
  'config.invalid': { userFixable: true },
  'cli.usage': { userFixable: true },
  'eval.invalid_questions': { userFixable: true },
  'llm.rate_limited': { userFixable: false },
  'llm.unavailable': { userFixable: false },
  'llm.timeout': { userFixable: false },
  'llm.unauthorized': { userFixable: false },
  'llm.bad_response': { userFixable: false },
  'embedding.unauthorized': { userFixable: true },
  'embedding.rate_limited': { userFixable: true },
  'embedding.unavailable': { userFixable: true },
  'embedding.bad_response': { userFixable: true },
  'embedding.timeout': { userFixable: true },
  'knowledge.database_unavailable': { userFixable: true },
  'knowledge.data_dir_in_use': { userFixable: true },
  'knowledge.embedding_model_mismatch': { userFixable: true },
  'knowledge.query_failed': { userFixable: false },
  'knowledge.backup_refused': { userFixable: true },
  'ingest.pdf_password': { userFixable: false },
  'ingest.pdf_unreadable': { userFixable: false },
  'ingest.pdf_timeout': { userFixable: false },
  'conversation.not_yours': { userFixable: true },
  'conversation.not_found': { userFixable: true },
  'conversation.no_question': { userFixable: true },
  'advisers.invalid_input': { userFixable: true },
  'privacy.bad_person': { userFixable: true },
  // Refusals of the escalation service: returned as values (EscalationResult), not thrown; listed so that the
  // adapters map them through the same table.
  'escalation.not_found': { userFixable: true },
  'escalation.already_claimed': { userFixable: true },
  'escalation.not_yours': { userFixable: true },
  'escalation.closed': { userFixable: true },
  'escalation.not_queued': { userFixable: true },
  'escalation.unknown_adviser': { userFixable: true },
  'teams.auth_timeout': { userFixable: false },
  'teams.invalid_manifest': { userFixable: true },
} as const satisfies Record<string, { userFixable: boolean }>;

export type AppErrorCode = keyof typeof ERROR_CODES;

/** The codes of one area, e.g. `CodesOf<'llm'>` is 'llm.rate_limited' | 'llm.unavailable' | …. */
export type CodesOf<Area extends string> = Extract<AppErrorCode, `${Area}.${string}`>;

/**
 * The base of every error we throw: a code from ERROR_CODES, a one-paragraph message for logs (adapters show their
 * own text per code), and the original failure as `cause`. `name` is the subclass's name, for logs only.
 */
export class AppError<Code extends AppErrorCode = AppErrorCode> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
  }

  /** True when the person running the program can fix it (see the module comment). */
  get userFixable(): boolean {
    return ERROR_CODES[this.code].userFixable;
  }
}

/** True for any error of ours. */
export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Errors a user fixes with a setting, an argument or a file: shown as one message, without a stack trace. */
export function isUserFixableError(error: unknown): error is AppError {
  return error instanceof AppError && error.userFixable;
}
