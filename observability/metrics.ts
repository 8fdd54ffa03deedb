/**
 * The process's Prometheus metrics: one `Registry` per `createMetrics()` (never prom-client's global default
 * registry, so tests can build several), the series the decorators and the HTTP middleware record into, and Node's
 * process metrics. Served by observability/metrics-server.ts on METRICS_PORT only; the public app has no /metrics.
 *
 * Labels are low-cardinality by construction: channel names, intents, modes, route patterns, status codes, error
 * codes — never a user id, a conversation id or any text a user wrote.
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Seconds: from a cached search (milliseconds) to a slow hybrid search on a loaded database. */
const FAST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds: a model call or a whole answer, up to the 30 s model deadline and past it. */
const SLOW_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60];

export interface Metrics {
  readonly registry: Registry;
  readonly http: {
    requests: Counter<'method' | 'route' | 'status'>;
    duration: Histogram<'method' | 'route' | 'status'>;
  };
  readonly answers: {
    total: Counter<'channel' | 'intent' | 'mode'>;
    lowConfidence: Counter<'channel'>;
    duration: Histogram<'channel' | 'mode'>;
  };
  readonly feedback: Counter<'channel' | 'value'>;
  readonly adviserRequests: Counter<'channel'>;
  readonly retrievalDuration: Histogram<never>;
  readonly model: {
    calls: Counter<'operation'>;
    errors: Counter<'operation' | 'code'>;
    duration: Histogram<'operation'>;
  };
  readonly embedding: {
    calls: Counter<'purpose'>;
    texts: Counter<'purpose'>;
    errors: Counter<'purpose'>;
    duration: Histogram<'purpose'>;
  };
}

export interface MetricsOptions {
  /** Node's process metrics (CPU, memory, event loop lag, GC) under their standard names. @default true */
  processMetrics?: boolean;
}

/**
 * A fresh registry with every series registered (none recorded yet).
 *
 * @example
 * const metrics = createMetrics();
 * metrics.answers.total.inc({ channel: 'web', intent: 'method', mode: 'llm' });
 * await metrics.registry.metrics(); // the text exposition format
 */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  return {
    registry,
    http: {
      requests: new Counter({
        name: 'kraftcenter_http_requests_total',
        help: 'HTTP requests to the web app, by method, route pattern and status code.',
        labelNames: ['method', 'route', 'status'] as const,
        registers,
      }),
      duration: new Histogram({
        name: 'kraftcenter_http_request_duration_seconds',
        help: 'Time from the request to the end of the response (a whole event stream counts as one request).',
        labelNames: ['method', 'route', 'status'] as const,
        buckets: FAST_BUCKETS,
        registers,
      }),
    },
    answers: {
      total: new Counter({
        name: 'kraftcenter_answers_total',
        help: 'Replies of the engine, by channel, intent and answer mode (llm or extractive).',
        labelNames: ['channel', 'intent', 'mode'] as const,
        registers,
      }),
      lowConfidence: new Counter({
        name: 'kraftcenter_answers_low_confidence_total',
        help: 'Answers to a question the library did not cover well enough (an adviser was offered), by channel.',
        labelNames: ['channel'] as const,
        registers,
      }),
      duration: new Histogram({
        name: 'kraftcenter_answer_duration_seconds',
        help: 'Time from the message to the final reply, by channel and answer mode.',
        labelNames: ['channel', 'mode'] as const,
        buckets: SLOW_BUCKETS,
        registers,
      }),
    },
    feedback: new Counter({
      name: 'kraftcenter_feedback_total',
      help: 'Thumbs up/down given in this process since it started, by channel and value (up, down).',
      labelNames: ['channel', 'value'] as const,
      registers,
    }),
    adviserRequests: new Counter({
      name: 'kraftcenter_adviser_requests_total',
      help: 'Clicks on "Tal med en rådgiver" handled by this process, by channel (typed requests count as intent="human" answers).',
      labelNames: ['channel'] as const,
      registers,
    }),
    retrievalDuration: new Histogram({
      name: 'kraftcenter_retrieval_duration_seconds',
      help: 'Time of one library search (the query embedding included).',
      buckets: FAST_BUCKETS,
      registers,
    }),
    model: {
      calls: new Counter({
        name: 'kraftcenter_model_calls_total',
        help: 'Chat model calls, by operation (complete, stream, structured).',
        labelNames: ['operation'] as const,
        registers,
      }),
      errors: new Counter({
        name: 'kraftcenter_model_errors_total',
        help: 'Chat model calls that failed (after their retries), by operation and error code.',
        labelNames: ['operation', 'code'] as const,
        registers,
      }),
      duration: new Histogram({
        name: 'kraftcenter_model_call_duration_seconds',
        help: 'Time of a chat model call, retries included (a stream: until its last piece).',
        labelNames: ['operation'] as const,
        buckets: SLOW_BUCKETS,
        registers,
      }),
    },
    embedding: {
      calls: new Counter({
        name: 'kraftcenter_embedding_calls_total',
        help: 'Embedder calls, by purpose (query, document).',
        labelNames: ['purpose'] as const,
        registers,
      }),
      texts: new Counter({
        name: 'kraftcenter_embedded_texts_total',
        help: 'Texts embedded, by purpose (query, document).',
        labelNames: ['purpose'] as const,
        registers,
      }),
      errors: new Counter({
        name: 'kraftcenter_embedding_errors_total',
        help: 'Embedder calls that failed, by purpose.',
        labelNames: ['purpose'] as const,
        registers,
      }),
      duration: new Histogram({
        name: 'kraftcenter_embedding_duration_seconds',
        help: 'Time of one embedder call, by purpose.',
        labelNames: ['purpose'] as const,
        buckets: FAST_BUCKETS,
        registers,
      }),
    },
  };
}

/** Seconds since `start` (a `performance.now()` reading). */
export function secondsSince(start: number): number {
  return (performance.now() - start) / 1000;
}

/**
 * A channel name as a label: the adapters' own names (`web`, `slack`, `teams`, `cli`), anything else `other`, so a
 * caller that passes something unexpected cannot create unbounded series.
 */
export function channelLabel(channel: string | undefined): string {
  return channel !== undefined && /^[a-z][a-z0-9_-]{0,23}$/.test(channel) ? channel : 'other';
}
