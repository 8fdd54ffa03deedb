/** Test helper: the real logger (pino, masking, request ids) writing its JSON lines into an array. */
import { createLogger, type Logger, type LogLevel } from '../../../config/logger.js';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  requestId?: string;
  [key: string]: unknown;
}

export interface CapturedLogs {
  logger: Logger;
  /** Every line as written. */
  raw: string[];
  /** Every line, parsed. */
  lines(): LogLine[];
}

export function captureLogs(level: LogLevel = 'debug'): CapturedLogs {
  const raw: string[] = [];
  const logger = createLogger({ level, write: (line) => void raw.push(line) });
  return { logger, raw, lines: () => raw.map((line) => JSON.parse(line) as LogLine) };
}
