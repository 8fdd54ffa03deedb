/**
 * Bolt's logger interface on top of the project's logger, so Bolt's warnings (unacknowledged requests, failed
 * authorisation) land in the same log as everything else.
 */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../config/logger.js';

/**
 * Wraps `logger` for Bolt. Bolt's debug chatter (every ack, every request) is dropped unless `verbose`, so a burst of
 * events spends no time formatting it.
 */
export function toBoltLogger(logger: Logger, verbose = false): BoltLogger {
  let level = LogLevel.INFO;
  const line = (parts: unknown[]) => `slack/bolt: ${parts.map((part) => (typeof part === 'string' ? part : safeJson(part))).join(' ')}`;
  return {
    debug: (...parts) => (verbose ? logger.debug(line(parts)) : undefined),
    info: (...parts) => (verbose ? logger.debug(line(parts)) : undefined),
    warn: (...parts) => logger.warn(line(parts)),
    error: (...parts) => logger.error(line(parts)),
    setLevel: (next) => void (level = next),
    getLevel: () => (verbose ? LogLevel.DEBUG : level),
    setName: () => undefined,
  };
}

function safeJson(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
