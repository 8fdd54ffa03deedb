/**
 * All settings, in one zod schema, parsed once by each entry point (CLI or server) and passed down as typed slices.
 * No other module reads process.env.
 */
import path from 'node:path';
import { z } from 'zod';
import { AppError } from './app-error.js';

/** Empty strings in the environment mean "not set". */
const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const optionalUrl = (what: string) =>
  optionalString.refine((value) => value === undefined || /^https?:\/\/\S+$/i.test(value), {
    message: `must be an http(s) URL (${what})`,
  });

const positiveInt = (fallback: number) =>
  optionalString
    .refine((value) => value === undefined || /^\d+$/.test(value), { message: 'must be a whole number' })
    .transform((value) => (value === undefined ? fallback : Number(value)));

/** A comma-separated setting as its trimmed, non-empty items. */
function splitList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter(Boolean);
}

/** Whether `value` is exactly an http(s) origin: scheme, host and optional port, nothing more. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value.replace(/\/$/, '').toLowerCase();
  } catch {
    return false;
  }
}

const envSchema = z.object({
  DATA_DIR: optionalString,
  DATABASE_URL: optionalString.refine((value) => value === undefined || /^postgres(ql)?:\/\//.test(value), {
    message: 'must start with postgres:// or postgresql://',
  }),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl('for example https://api.openai.com/v1 or http://localhost:11434/v1'),
  OPENAI_TIMEOUT_MS: positiveInt(30_000),
  EMBEDDING_PROVIDER: optionalString.pipe(z.enum(['local', 'openai']).optional()),
  EMBEDDING_MODEL: optionalString,
  EMBEDDING_DIMENSIONS: optionalString
    .refine((value) => value === undefined || /^\d+$/.test(value), { message: 'must be a whole number' })
    .transform((value) => (value === undefined ? undefined : Number(value))),
  CHAT_MODEL: optionalString,
  LOG_LEVEL: optionalString.pipe(z.enum(['debug', 'info', 'warn', 'error', 'silent']).optional()),
  // json (default, for production log collectors) or pretty (readable lines; pino-pretty is a devDependency).
  LOG_FORMAT: optionalString.pipe(z.enum(['json', 'pretty']).optional()),
  PORT: positiveInt(3000).refine((value) => value > 0 && value < 65536, { message: 'must be a port (1-65535)' }),
  HOST: optionalString,
  OFFICE_HOURS: optionalString.refine(
    (value) => value === undefined || /^[1-7](-[1-7])?(,[1-7](-[1-7])?)* \d{2}:\d{2}-\d{2}:\d{2}$/.test(value),
    { message: 'must look like "1-5 08:00-16:00" (ISO weekdays, 1 = Monday, then opening hours)' },
  ),
  OFFICE_TIMEZONE: optionalString,
  CLOSED_DATES: optionalString.refine(
    (value) => value === undefined || value.split(',').every((date) => /^\d{4}-\d{2}-\d{2}$/.test(date.trim())),
    { message: 'must be a comma-separated list of YYYY-MM-DD dates' },
  ),
  ESCALATION_TARGET_HOURS: optionalString
    .refine((value) => value === undefined || /^\d+(\.\d+)?$/.test(value), { message: 'must be a number of working hours' })
    .transform((value) => (value === undefined ? 4 : Number(value))),
  DRAFTS_DIR: optionalString,
  // The library's files, the source of truth: published cases are written here (bot/submissions/library-publisher.ts).
  LIBRARY_DIR: optionalString,
  // Where users reach the web chat from outside (links in messages, e.g. "your case is published").
  PUBLIC_BASE_URL: optionalUrl('the address users open the web chat at, for example https://chat.kraftcenter.dk'),
  WEB_AUDIENCE: optionalString.pipe(z.enum(['public', 'internal']).optional()),
  TRUST_PROXY: optionalString.pipe(z.enum(['true', 'false']).optional()),
  MAX_ANSWERS_IN_PROGRESS: positiveInt(32).refine((value) => value > 0, { message: 'must be at least 1' }),
  WEB_CHATS_PER_ADDRESS_PER_MINUTE: positiveInt(120).refine((value) => value > 0, { message: 'must be at least 1' }),
  MAX_CHANNEL_ANSWERS_IN_PROGRESS: positiveInt(32).refine((value) => value > 0, { message: 'must be at least 1' }),
  // Graceful shutdown (adapters/server.ts).
  SHUTDOWN_TIMEOUT_MS: positiveInt(10_000),
  // How long conversation content is kept (bot/store/housekeeping.ts, npm run privacy -- purge).
  RETENTION_DAYS: positiveInt(180).refine((value) => value > 0, { message: 'must be at least 1 (days)' }),
  // Prometheus metrics on a port of their own (observability/metrics-server.ts); unset: off, nothing listens.
  METRICS_PORT: optionalString
    .refine((value) => value === undefined || (/^\d+$/.test(value) && Number(value) < 65536), { message: 'must be a port (0-65535; 0 picks a free one)' })
    .transform((value) => (value === undefined ? undefined : Number(value))),
  METRICS_HOST: optionalString,
  WEB_EMBED_ORIGINS: optionalString.superRefine((value, context) => {
    const bad = splitList(value).find((origin) => !isOrigin(origin));
    if (bad !== undefined) context.addIssue({ code: 'custom', message: `"${bad}" is not an origin: use a comma-separated list like https://www.kraftcenter.dk,https://intra.kommune.dk (scheme, host and port only)` });
  }),
});

export type EmbeddingConfig =
  | { provider: 'local'; model: string; dimensions: number }
  | {
      provider: 'openai';
      model: string;
      /** Requested output size; when absent the embedder learns it from the model's first answer. */
      dimensions?: number;
      apiKey: string;
      baseURL?: string;
      timeoutMs: number;
    };

export interface DatabaseConfig {
  /** `postgres` when DATABASE_URL is set, otherwise the embedded PGlite under `dataDir`. */
  kind: 'pglite' | 'postgres';
  url?: string;
  dataDir: string;
}

export interface OpenAIConfig {
  apiKey: string;
  baseURL?: string;
  chatModel: string;
  timeoutMs: number;
}

export interface Config {
  database: DatabaseConfig;
  embedding: EmbeddingConfig;
  /** Present when OPENAI_API_KEY is set: the answer step may use a chat model. */
  openai?: OpenAIConfig;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** `json`: one JSON object per line (default); `pretty`: readable lines for development. */
  logFormat: 'json' | 'pretty';
  http: { port: number; host: string; trustProxy: boolean };
  /**
   * Office hours and response target for hand-offs. "Worth keeping" answers become proposals in the console's
   * Forslag queue; with DRAFTS_DIR set they are also exported there as Markdown files.
   */
  escalation: {
    officeHours: { timezone: string; days: number[]; start: string; end: string; closedDates: string[] };
    targetWorkingHours: number;
    draftsDir?: string;
  };
  /**
   * The library folder (LIBRARY_DIR, absolute; default `data/library`, the folder the sample library ships in):
   * published cases are written under it and uploads saved into it. `publicBaseUrl`: PUBLIC_BASE_URL without a
   * trailing slash.
   */
  library: { dir: string; publicBaseUrl?: string };
  /**
   * Which documents the web chat's users may see (the public by default); answers in progress per instance; web chats
   * one client address may start a minute (a town hall behind one address shares it); who may embed the chat.
   */
  web: {
    audience: 'public' | 'internal';
    maxAnswersInProgress: number;
    chatsPerAddressPerMinute: number;
    /** Origins whose pages may show the chat in the embeddable widget (CSP frame-ancestors); empty: none may. */
    embedOrigins: string[];
  };
  /**
   * Answers of the platform channels (Slack, Teams) in progress at once per instance after the platform's request was
   * acknowledged, all channels together; more wait in order (bot/delivery).
   */
  channels: { maxAnswersInProgress: number };
  /** How long a SIGTERM/SIGINT waits for answers in progress before the server cuts the rest and closes. */
  shutdown: { timeoutMs: number };
  /** Present when METRICS_PORT is set: `GET /metrics` is served there, apart from the public app. */
  metrics?: { port: number; host: string };
  /** Days conversations, messages, feedback text and settled escalations are kept after their last activity. */
  retention: { days: number };
}

/** The local embedder's model id; the dimension is part of the stored model name. */
export const LOCAL_EMBEDDING_MODEL = 'local-da-hash-v1';
export const LOCAL_EMBEDDING_DIMENSIONS = 384;
export const DEFAULT_OPENAI_EMBEDDING_MODEL = 'text-embedding-3-small';
export const DEFAULT_CHAT_MODEL = 'gpt-4o-mini';

/** Thrown when a setting is missing or malformed; the message has one line per bad variable. */
export class ConfigError extends AppError<'config.invalid'> {
  readonly issues: string[];
  constructor(issues: string[]) {
    super('config.invalid', `Invalid settings:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.issues = issues;
  }
}

/**
 * Reads and validates the settings. Pure: pass any record as `env` (tests do).
 * @throws ConfigError naming each bad variable.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`),
    );
  }
  const values = parsed.data;
  const issues: string[] = [];

  const provider = values.EMBEDDING_PROVIDER ?? (values.OPENAI_API_KEY ? 'openai' : 'local');
  let embedding: EmbeddingConfig;
  if (provider === 'openai') {
    if (!values.OPENAI_API_KEY) {
      issues.push('OPENAI_API_KEY: required when EMBEDDING_PROVIDER=openai');
    }
    embedding = {
      provider: 'openai',
      model: values.EMBEDDING_MODEL ?? DEFAULT_OPENAI_EMBEDDING_MODEL,
      dimensions: values.EMBEDDING_DIMENSIONS,
      apiKey: values.OPENAI_API_KEY ?? '',
      baseURL: values.OPENAI_BASE_URL,
      timeoutMs: values.OPENAI_TIMEOUT_MS,
    };
  } else {
    const dimensions = values.EMBEDDING_DIMENSIONS ?? LOCAL_EMBEDDING_DIMENSIONS;
    if (dimensions < 64 || dimensions > 2000) {
      issues.push('EMBEDDING_DIMENSIONS: the local embedder supports 64 to 2000 dimensions');
    }
    if (values.EMBEDDING_MODEL && values.EMBEDDING_MODEL !== LOCAL_EMBEDDING_MODEL) {
      issues.push(`EMBEDDING_MODEL: the local embedder is "${LOCAL_EMBEDDING_MODEL}"; set EMBEDDING_PROVIDER=openai to use "${values.EMBEDDING_MODEL}"`);
    }
    embedding = { provider: 'local', model: LOCAL_EMBEDDING_MODEL, dimensions };
  }
  if (values.OFFICE_TIMEZONE && !isTimeZone(values.OFFICE_TIMEZONE)) {
    issues.push(`OFFICE_TIMEZONE: unknown time zone "${values.OFFICE_TIMEZONE}" (for example Europe/Copenhagen)`);
  }
  if (values.OFFICE_HOURS) {
    const hours = parseOfficeHours(values.OFFICE_HOURS);
    if (hours.start >= hours.end) issues.push('OFFICE_HOURS: the closing time must be after the opening time');
  }
  if (values.METRICS_PORT !== undefined && values.METRICS_PORT !== 0 && values.METRICS_PORT === values.PORT) {
    issues.push('METRICS_PORT: must differ from PORT (the metrics are served apart from the public app)');
  }
  if (issues.length > 0) throw new ConfigError(issues);

  return {
    database: {
      kind: values.DATABASE_URL ? 'postgres' : 'pglite',
      url: values.DATABASE_URL,
      dataDir: path.resolve(cwd, values.DATA_DIR ?? '.data'),
    },
    embedding,
    openai: values.OPENAI_API_KEY
      ? {
          apiKey: values.OPENAI_API_KEY,
          baseURL: values.OPENAI_BASE_URL,
          chatModel: values.CHAT_MODEL ?? DEFAULT_CHAT_MODEL,
          timeoutMs: values.OPENAI_TIMEOUT_MS,
        }
      : undefined,
    logLevel: values.LOG_LEVEL ?? 'info',
    logFormat: values.LOG_FORMAT ?? 'json',
    http: { port: values.PORT, host: values.HOST ?? '127.0.0.1', trustProxy: values.TRUST_PROXY === 'true' },
    web: { audience: values.WEB_AUDIENCE ?? 'public', maxAnswersInProgress: values.MAX_ANSWERS_IN_PROGRESS, chatsPerAddressPerMinute: values.WEB_CHATS_PER_ADDRESS_PER_MINUTE, embedOrigins: splitList(values.WEB_EMBED_ORIGINS).map((origin) => new URL(origin).origin) },
    channels: { maxAnswersInProgress: values.MAX_CHANNEL_ANSWERS_IN_PROGRESS },
    shutdown: { timeoutMs: values.SHUTDOWN_TIMEOUT_MS },
    ...(values.METRICS_PORT !== undefined ? { metrics: { port: values.METRICS_PORT, host: values.METRICS_HOST ?? '127.0.0.1' } } : {}),
    retention: { days: values.RETENTION_DAYS },
    escalation: {
      officeHours: { timezone: values.OFFICE_TIMEZONE ?? 'Europe/Copenhagen', ...parseOfficeHours(values.OFFICE_HOURS ?? '1-5 08:00-16:00'), closedDates: (values.CLOSED_DATES ?? '').split(',').map((date) => date.trim()).filter(Boolean) },
      targetWorkingHours: values.ESCALATION_TARGET_HOURS,
      ...(values.DRAFTS_DIR ? { draftsDir: path.resolve(cwd, values.DRAFTS_DIR) } : {}),
    },
    library: {
      dir: path.resolve(cwd, values.LIBRARY_DIR ?? 'data/library'),
      ...(values.PUBLIC_BASE_URL ? { publicBaseUrl: values.PUBLIC_BASE_URL.replace(/\/+$/, '') } : {}),
    },
  };
}

/** "1-5 08:00-16:00" → ISO weekdays and opening hours. */
function parseOfficeHours(value: string): { days: number[]; start: string; end: string } {
  const [dayPart = '1-5', hourPart = '08:00-16:00'] = value.trim().split(/\s+/);
  const days = new Set<number>();
  for (const range of dayPart.split(',')) {
    const [from, to = from] = range.split('-').map(Number);
    for (let day = from!; day <= to!; day++) days.add(day);
  }
  const [start = '08:00', end = '16:00'] = hourPart.split('-');
  return { days: [...days].sort(), start, end };
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('da-DK', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
