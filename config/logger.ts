/**
 * The project's one logger: pino behind a small interface. One JSON line per event on stderr (LOG_FORMAT=json, the
 * default), or readable lines through pino-pretty (LOG_FORMAT=pretty, for development). Every line carries the
 * `requestId` of the request being handled (observability/request-context.ts), personal data is masked in the
 * message and in every string of the details before the line is written (observability/log-privacy.ts), and errors
 * are written as `{type, message, code, cause}` — with their stack only on error lines, never one per request at info.
 */
import { createRequire } from 'node:module';
import pino from 'pino';
import { maskLogText, maskLogValue } from '../observability/log-privacy.js';
import { currentRequestId } from '../observability/request-context.js';
import { AppError } from './app-error.js';

export interface Logger {
  debug(message: string, details?: Record<string, unknown>): void;
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
  /** A logger whose every line also carries `bindings` (`logger.child({ channel: 'slack' })`). */
  child(bindings: Record<string, unknown>): Logger;
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface LoggerOptions {
  /** @default 'info' */
  level?: LogLevel;
  /** `json`: one JSON object per line; `pretty`: readable lines (needs the pino-pretty devDependency). @default 'json' */
  format?: LogFormat;
  /** Where each line goes (without its newline). @default stderr */
  write?: (line: string) => void;
}

/** pino's number for `error`: lines at this level and above keep an error's stack. */
const ERROR_LEVEL = 50;

const pinoOfLogger = new WeakMap<Logger, pino.Logger>();

/**
 * Creates the process's logger (the composition root does, once, from LOG_LEVEL and LOG_FORMAT).
 * @throws AppError `config.invalid` when LOG_FORMAT=pretty and pino-pretty is not installed.
 *
 * @example
 * const logger = createLogger({ level: config.logLevel, format: config.logFormat });
 * logger.warn('rate limit check failed; letting the request through', { route, cause });
 */
export function createLogger(options: LoggerOptions | LogLevel = {}, write?: (line: string) => void): Logger {
  const settings: LoggerOptions = typeof options === 'string' ? { level: options, write } : options;
  const base = pino(
    {
      level: settings.level ?? 'info',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // The request id of the work running now, on every line (also of children and of the HTTP access log).
      mixin: () => {
        const requestId = currentRequestId();
        return requestId === undefined ? {} : { requestId };
      },
      hooks: {
        logMethod(args, method, level) {
          const masked = args.map((arg: unknown) => (typeof arg === 'string' ? maskLogText(arg) : maskLogValue(arg, level >= ERROR_LEVEL)));
          return method.apply(this, masked as Parameters<typeof method>);
        },
      },
      // Errors are serialized by the hook above (log-privacy.ts); nothing may add a stack behind its back.
      serializers: { err: (value: unknown) => value },
    },
    destinationFor(settings),
  );
  return wrap(base);
}

/** The pino instance behind `logger`, for pino-http; undefined for a logger not made by {@link createLogger}. */
export function pinoOf(logger: Logger): pino.Logger | undefined {
  return pinoOfLogger.get(logger);
}

/**
 * A Logger that hands every call to `record` (tests keep the calls; `child` bindings are merged into the details).
 *
 * @example
 * const entries: LogEntry[] = [];
 * const logger = callbackLogger((level, message, details) => entries.push({ level, message, details }));
 */
export function callbackLogger(
  record: (level: Exclude<LogLevel, 'silent'>, message: string, details?: Record<string, unknown>) => void,
  bindings: Record<string, unknown> = {},
): Logger {
  const bound = Object.keys(bindings).length > 0;
  const log = (level: Exclude<LogLevel, 'silent'>) => (message: string, details?: Record<string, unknown>) =>
    record(level, message, bound ? { ...bindings, ...details } : details);
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (more) => callbackLogger(record, { ...bindings, ...more }),
  };
}

/** A logger that writes nothing. */
export const silentLogger: Logger = createLogger({ level: 'silent' });

function wrap(base: pino.Logger): Logger {
  const log = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, details?: Record<string, unknown>) => {
    if (details === undefined) base[level](message);
    else base[level](details, message);
  };
  const logger: Logger = {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (bindings) => wrap(base.child(maskLogValue(bindings) as Record<string, unknown>)),
  };
  pinoOfLogger.set(logger, base);
  return logger;
}

function destinationFor(settings: LoggerOptions): pino.DestinationStream {
  const write = settings.write;
  if (settings.format === 'pretty') {
    // Formatted in this thread, line by line (no worker, nothing lost at exit); development use only.
    const prettify = loadPinoPretty().prettyFactory({
      colorize: !write && process.stderr.isTTY === true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname',
      singleLine: true,
    });
    const out = write ?? ((line: string) => void process.stderr.write(`${line}\n`));
    return { write: (chunk: string) => out(prettify(chunk).replace(/\n$/, '')) };
  }
  if (write) return { write: (chunk: string) => write(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) };
  return pino.destination({ dest: 2, sync: true });
}

interface PinoPretty {
  prettyFactory(options: Record<string, unknown>): (line: string) => string;
}

/** pino-pretty is a devDependency: loaded only when LOG_FORMAT=pretty asks for it. */
function loadPinoPretty(): PinoPretty {
  try {
    return createRequire(import.meta.url)('pino-pretty') as PinoPretty;
  } catch (cause) {
    throw new AppError(
      'config.invalid',
      'LOG_FORMAT=pretty needs the pino-pretty package, which is installed for development only (npm install --include=dev); in production use LOG_FORMAT=json',
      { cause },
    );
  }
}
