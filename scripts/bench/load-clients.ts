/**
 * The visitors of the load benchmark: `concurrent` chat conversations at once against `POST /api/chat`, from this
 * process over loopback. Each conversation is a new browser (its own `kc_uid` cookie) asking 3–5 questions in one
 * conversation, the next as soon as the answer arrives (a closed loop: at most `concurrent` questions in flight).
 * Requests go to the instance with the fewest of this process's requests in flight, ties round-robin, as a
 * least-outstanding-requests load balancer does (`balance: 'round-robin'` for plain round-robin); one conversation
 * moves between instances (all state is in the database). A refused question (429, 503) is asked again after `Retry-After`, as a polite client would. New
 * questions stop when the time is up; those in flight finish (or time out), so the run ends by itself.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { replyTexts } from '../../bot/answer/index.js';
import { seededRandom } from '../lib/seeded-random.js';
import { summarise } from './percentiles.js';

/**
 * What became of one question. `answered`: 200 with a real answer. `apology`: 200, but the engine apologised (its
 * database failed, or an unexpected error). `engine-limit`: 200 with the engine's per-user "too many questions".
 * `reset`: the connection was reset or hung up. `timeout`: no answer within the request timeout.
 */
export type OutcomeKind = 'answered' | '429' | '503' | 'reset' | 'timeout' | 'apology' | 'engine-limit' | 'other';

export interface ChatOutcome {
  kind: OutcomeKind;
  /** Milliseconds from asking (the request made) to the end of the response (or the error). */
  ms: number;
  /**
   * Milliseconds from asking until the request was written to its socket: this process's own share of `ms`. With
   * hundreds of visitors in one process, a burst's last requests wait for this process to connect and write them,
   * which a real visitor's own browser would not. The server's share is `ms - sentMs`, and it includes the wait for
   * the server to accept the connection: the kernel completes the handshake and takes the request before the server
   * accepts. `undefined` when the request failed before it was written.
   */
  sentMs?: number;
  /** Index of the instance that got the request. */
  instance: number;
  /** This process's requests in flight to that instance when it was sent, itself included. */
  inFlightThere?: number;
  /** The HTTP status or error code, for `other`. */
  detail?: string;
  /** From `Retry-After` on 429 and 503. */
  retryAfterMs?: number;
}

export interface ConversationsOptions {
  /** Base URLs of the instances, e.g. `http://127.0.0.1:4123/`. */
  urls: string[];
  concurrent: number;
  seconds: number;
  questions: string[];
  seed?: number;
  /**
   * How requests are spread. Plain round-robin in a closed loop lets one instance drift well above its share of the
   * requests in flight (a random walk: with 50 over two instances, past 32 on one now and then), so it refuses some
   * with 503 while the other has room. @default 'least-outstanding'
   */
  balance?: Balance;
  /** A request still open after this counts as `timeout` (default 30 s). */
  requestTimeoutMs?: number;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export type Balance = 'least-outstanding' | 'round-robin';

/** Runs the conversations; resolves when the time is up and every request has ended. */
export async function runConversations(options: ConversationsOptions): Promise<{ outcomes: ChatOutcome[]; elapsedMs: number }> {
  if (options.questions.length === 0) throw new Error('the load benchmark needs at least one question');
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrent });
  const outcomes: ChatOutcome[] = [];
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  let nextInstance = 0;
  const inFlight = options.urls.map(() => 0);
  const pick = (): number => {
    const first = nextInstance++ % options.urls.length;
    if (options.balance === 'round-robin') return first;
    let best = first;
    for (let step = 1; step < options.urls.length; step++) {
      const candidate = (first + step) % options.urls.length;
      if (inFlight[candidate]! < inFlight[best]!) best = candidate;
    }
    return best;
  };
  const visitor = async (index: number) => {
    const random = seededRandom((options.seed ?? 12) * 100_003 + index);
    while (performance.now() < deadline) {
      const cookie = randomUUID();
      const conversationId = randomUUID();
      const length = 3 + Math.floor(random() * 3);
      for (let asked = 0; asked < length && performance.now() < deadline; ) {
        const text = options.questions[Math.floor(random() * options.questions.length)]!;
        let outcome: ChatOutcome;
        // The same question again after each refusal, while there is time.
        do {
          const instance = pick();
          const inFlightThere = ++inFlight[instance]!;
          try {
            outcome = await chat(agent, options.urls[instance]!, { conversationId, text, cookie }, options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
          } finally {
            inFlight[instance]! -= 1;
          }
          outcome.instance = instance;
          outcome.inFlightThere = inFlightThere;
          outcomes.push(outcome);
          if (outcome.retryAfterMs !== undefined) await sleep(Math.min(outcome.retryAfterMs, deadline - performance.now()));
        } while (outcome.retryAfterMs !== undefined && performance.now() < deadline);
        asked += 1;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrent }, (_, index) => visitor(index)));
  } finally {
    agent.destroy();
  }
  return { outcomes, elapsedMs: performance.now() - started };
}

/** Asks each instance `count` questions one after another (JIT and caches warm; not measured). */
export async function warmUp(url: string, questions: string[], count = 10): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    for (let index = 0; index < count; index++) {
      await chat(agent, url, { conversationId: randomUUID(), text: questions[index % questions.length]!, cookie: randomUUID() }, DEFAULT_REQUEST_TIMEOUT_MS);
    }
  } finally {
    agent.destroy();
  }
}

/** The engine's apologies and its own rate-limit reply, which arrive as 200 but are not answers. */
const APOLOGIES = new Set((['da', 'en'] as const).flatMap((language) => [replyTexts(language).databaseDown(), replyTexts(language).unexpectedError()]));
const ENGINE_LIMITS = new Set((['da', 'en'] as const).flatMap((language) => Array.from({ length: 61 }, (_, seconds) => replyTexts(language).rateLimited(seconds))));

function chat(agent: http.Agent, url: string, body: { conversationId: string; text: string; cookie: string }, timeoutMs: number): Promise<ChatOutcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    const payload = JSON.stringify({ conversationId: body.conversationId, text: body.text });
    let sentMs: number | undefined;
    const done = (outcome: Omit<ChatOutcome, 'ms' | 'instance'>) => resolve({ ...outcome, ms: performance.now() - started, sentMs, instance: 0 });
    const request = http.request(
      new URL('api/chat', url),
      {
        method: 'POST',
        agent,
        timeout: timeoutMs,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), cookie: `kc_uid=${body.cookie}` },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error: NodeJS.ErrnoException) => done(errorOutcome(error)));
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (status === 429 || status === 503) {
            const seconds = Number(response.headers['retry-after']);
            return done({ kind: status === 429 ? '429' : '503', retryAfterMs: (Number.isFinite(seconds) ? seconds : 1) * 1000 });
          }
          if (status !== 200) return done({ kind: 'other', detail: `HTTP ${status}` });
          done({ kind: classifyReply(Buffer.concat(chunks).toString('utf8')) });
        });
      },
    );
    request.on('timeout', () => request.destroy(Object.assign(new Error('timed out'), { code: 'TIMEOUT' })));
    request.on('error', (error: NodeJS.ErrnoException) => done(errorOutcome(error)));
    request.on('finish', () => {
      sentMs = performance.now() - started;
    });
    request.end(payload);
  });
}

function classifyReply(body: string): OutcomeKind {
  let text: unknown;
  try {
    text = (JSON.parse(body) as { text?: unknown }).text;
  } catch {
    return 'other';
  }
  if (typeof text !== 'string' || text === '') return 'other';
  if (APOLOGIES.has(text)) return 'apology';
  if (ENGINE_LIMITS.has(text)) return 'engine-limit';
  return 'answered';
}

function errorOutcome(error: NodeJS.ErrnoException): Omit<ChatOutcome, 'ms' | 'instance'> {
  if (error.code === 'TIMEOUT') return { kind: 'timeout' };
  if (error.code === 'ECONNRESET' || error.code === 'EPIPE') return { kind: 'reset' };
  return { kind: 'other', detail: error.code ?? error.message };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Percentiles and maximum of a set of times, in whole milliseconds. */
export interface LatencyMs {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** One phase's figures: throughput and latency of the answers, errors by kind, and how fast a 503 came back. */
export interface LoadSummary {
  requests: number;
  answered: number;
  seconds: number;
  answersPerSecond: number;
  /** Latency of the answered questions. */
  latency: LatencyMs;
  /** Every outcome but `answered`, by kind (`other` split by status or error code); only kinds that occurred. */
  errors: Record<string, number>;
  errorCount: number;
  /**
   * Latency of the 503s (over capacity), ms, from asking; `afterSent` the same from the request being written (the
   * server's share, see ChatOutcome.sentMs). `undefined` when there were none.
   */
  busy?: LatencyMs & { count: number; afterSent: LatencyMs; inFlightThere: { min: number; max: number } };
  /** Answers per instance, in instance order. */
  answeredByInstance: number[];
}

export function summariseLoad(outcomes: ChatOutcome[], elapsedMs: number, instances: number): LoadSummary {
  const answered = outcomes.filter((outcome) => outcome.kind === 'answered');
  const errors: Record<string, number> = {};
  for (const outcome of outcomes) {
    if (outcome.kind === 'answered') continue;
    const key = outcome.kind === 'other' ? `other (${outcome.detail ?? 'unknown'})` : outcome.kind;
    errors[key] = (errors[key] ?? 0) + 1;
  }
  const refusals = outcomes.filter((outcome) => outcome.kind === '503');
  const busyInFlight = refusals.map((outcome) => outcome.inFlightThere ?? 0);
  return {
    requests: outcomes.length,
    answered: answered.length,
    seconds: Math.round(elapsedMs / 100) / 10,
    answersPerSecond: Math.round((answered.length / (elapsedMs / 1000)) * 10) / 10,
    latency: latencyOf(answered.map((outcome) => outcome.ms)),
    errors,
    errorCount: outcomes.length - answered.length,
    busy:
      refusals.length > 0
        ? {
            count: refusals.length,
            ...latencyOf(refusals.map((outcome) => outcome.ms)),
            // A 503 has a response, so its request was written.
            afterSent: latencyOf(refusals.map((outcome) => outcome.ms - (outcome.sentMs ?? 0))),
            inFlightThere: { min: Math.min(...busyInFlight), max: Math.max(...busyInFlight) },
          }
        : undefined,
    answeredByInstance: Array.from({ length: instances }, (_, instance) => answered.filter((outcome) => outcome.instance === instance).length),
  };
}

/** p50, p95, p99 and max of `values` (ms), whole milliseconds. */
function latencyOf(values: number[]): LatencyMs {
  const stats = summarise(values);
  const max = values.reduce((most, value) => Math.max(most, value), 0);
  return { p50: Math.round(stats.p50), p95: Math.round(stats.p95), p99: Math.round(stats.p99), max: Math.round(max) };
}
