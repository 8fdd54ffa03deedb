/**
 * SIGTERM and SIGINT for a long-running process: the first runs the graceful shutdown and exits 0 when it is done
 * (1 if it failed or hung past its limit); a second signal exits at once with 128 + the signal's number (143 for
 * SIGTERM, 130 for SIGINT: the shell's convention for "killed by a signal").
 */
import os from 'node:os';
import type { Logger } from '../config/logger.js';

export interface ShutdownSignalOptions {
  /** The graceful shutdown. */
  shutdown(signal: NodeJS.Signals): Promise<void>;
  logger: Logger;
  /** After this long the process exits 1 whatever the shutdown is doing (the shutdown's own limit plus a margin). */
  hardLimitMs: number;
  /** Injected exit (tests). @default process.exit */
  exit?: (code: number) => void;
}

/**
 * Installs the handlers on `process`; returns a function that removes them.
 *
 * @example
 * exitOnSignals({ shutdown: () => started.close(), logger, hardLimitMs: timeoutMs + 5_000 });
 */
export function exitOnSignals(options: ShutdownSignalOptions): () => void {
  const { shutdown, logger, hardLimitMs, exit = (code) => process.exit(code) } = options;
  let first: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (first) {
      const code = 128 + (os.constants.signals[signal] ?? 0);
      logger.warn(`shutdown: second signal (${signal}) after ${first}: exiting at once with code ${code}`);
      exit(code);
      return;
    }
    first = signal;
    logger.info(`shutdown: ${signal} received`);
    const hard = setTimeout(() => {
      logger.error(`shutdown: not done after ${hardLimitMs} ms: exiting with code 1`);
      exit(1);
    }, hardLimitMs);
    hard.unref();
    shutdown(signal).then(
      () => {
        clearTimeout(hard);
        logger.info('shutdown: done, exiting with code 0');
        exit(0);
      },
      (error: unknown) => {
        clearTimeout(hard);
        logger.error('shutdown: failed, exiting with code 1', { error });
        exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
}
