/**
 * The one wrapper of every command-line entry point (bin/*.ts, scripts/bench): runs the command, sets the exit code,
 * and maps errors to the command line once — an error of ours that the user can fix (config/app-error.ts) is one
 * line without a stack trace; anything else is printed with its stack.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError, isUserFixableError } from '../../config/app-error.js';

/** A wrong or missing argument; the message says what to type instead (often with the usage text). */
export class UsageError extends AppError<'cli.usage'> {
  constructor(message: string) {
    super('cli.usage', message);
  }
}

/** The exit code of a failed command: 1 for every error (the message says which); 0 and other codes are returned by `main`. */
export const FAILURE_EXIT_CODE = 1;

/** Node's parseArgs refusing an unknown or malformed flag: the user's to fix, like a UsageError. */
function isParseArgsError(error: unknown): error is Error {
  return error instanceof Error && String((error as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS');
}

/**
 * What a failed command prints on stderr: `<prefix>: <message>` when the user can fix it (an error of ours marked
 * userFixable, or a bad flag), else the error with its stack.
 */
export function describeCliError(error: unknown, prefix = 'Fejl'): unknown[] {
  if (isUserFixableError(error) || isParseArgsError(error)) return [`${prefix}: ${error.message}`];
  return ['Uventet fejl / unexpected error:', error];
}

export interface RunCliOptions {
  /** Starts the one-line message of an error the user can fix. @default 'Fejl' */
  errorPrefix?: string;
}

/**
 * Runs `main` and sets `process.exitCode` to what it returns (0 when nothing), or to FAILURE_EXIT_CODE when it throws.
 *
 * @example
 * runCli(async () => {
 *   if (!question) throw new UsageError(`skriv et spørgsmål.\n${USAGE}`);
 *   return 0;
 * });
 */
export function runCli(main: () => Promise<number | void> | number | void, options: RunCliOptions = {}): void {
  Promise.resolve()
    .then(main)
    .then((code) => {
      process.exitCode = typeof code === 'number' ? code : 0;
    })
    .catch((error: unknown) => {
      console.error(...describeCliError(error, options.errorPrefix));
      process.exitCode = FAILURE_EXIT_CODE;
    });
}

/** True when this module is the file node was started with (`tsx bin/<command>.ts`), false when a test imports it. */
export function isMainModule(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(moduleUrl);
}
