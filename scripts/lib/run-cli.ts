/**
 * Shared entry-point wrapper for the command-line tools: prints a clear one-paragraph error (no stack trace for
 * errors the user can fix) and sets the exit code.
 */
import { ConfigError } from '../../config/env.js';

/** Errors a user fixes with a setting or an argument: shown as one message, without a stack trace. */
const USER_FIXABLE = new Set([
  'ConfigError',
  'DatabaseUnavailableError',
  'DataDirInUseError',
  'EmbeddingModelMismatchError',
  'EmbeddingError',
  'UsageError',
]);

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function isUserFixableError(error: unknown): boolean {
  return error instanceof ConfigError || (error instanceof Error && USER_FIXABLE.has(error.name));
}

export function runCli(main: () => Promise<number | void>): void {
  main()
    .then((code) => {
      process.exitCode = typeof code === 'number' ? code : 0;
    })
    .catch((error: unknown) => {
      const err = error as Error;
      if (isUserFixableError(err)) {
        console.error(`Fejl: ${err.message}`);
      } else {
        console.error('Uventet fejl / unexpected error:', err);
      }
      process.exitCode = 1;
    });
}
