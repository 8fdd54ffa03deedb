/**
 * The real server (startServer) with METRICS_PORT: after one web chat answered by the (fake) model, one 👍 and one
 * request for an adviser through the public app, the metrics server's /metrics shows each series with its labels.
 * Without METRICS_PORT no metrics server listens and the public app has no /metrics; a taken one stops the start.
 */
import net from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type StartedServer } from '../../adapters/server.js';
import { freePort } from '../../scripts/lib/free-port.js';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai-server.js';
import { seededDataDir, type SeededDataDir } from '../support/seeded-data-dir.js';
import { sampleValue, samplesOf } from '../unit/observability/metrics-values.js';

const QUESTION = 'Hvilke kommuner har arbejdet med hverdagsrehabilitering?';

let data: SeededDataDir;
beforeAll(async () => {
  data = await seededDataDir('kc-metrics-');
}, 120_000);
afterAll(() => data?.remove());

const baseEnv = async () => ({ DATA_DIR: data.dataDir, DATABASE_URL: '', EMBEDDING_PROVIDER: 'local', LOG_LEVEL: 'silent', PORT: await freePort(), HOST: '127.0.0.1' });

/** The TCP ports this process listens on. */
function listeningPorts(): number[] {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles
    .filter((handle): handle is net.Server => handle instanceof net.Server && handle.listening)
    .map((server) => server.address())
    .filter((address): address is net.AddressInfo => typeof address === 'object' && address !== null)
    .map((address) => address.port);
}

describe('the server with METRICS_PORT', () => {
  let fake: FakeOpenAI;
  let server: StartedServer;
  let base: string;
  let metrics: string;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    fake.onChat((request) => (request.body.response_format ? undefined : { content: 'Fredericia Kommune har arbejdet med hverdagsrehabilitering [1].' }));
    server = await startServer({ ...(await baseEnv()), OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseURL, METRICS_PORT: '0' });
    base = server.url.replace(/\/$/, '');

    const cookie = `kc_uid=${randomUUID()}`;
    const post = (path: string, body: unknown) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });
    const conversationId = randomUUID();
    const chat = await post('/api/chat', { conversationId, text: QUESTION });
    expect(chat.status).toBe(200);
    const reply = (await chat.json()) as { replyId: string; mode: string };
    expect(reply.mode).toBe('llm');
    expect((await post('/api/feedback', { replyId: reply.replyId, value: 'up' })).status).toBe(200);
    expect((await post('/api/adviser', { conversationId })).status).toBe(200);

    const response = await fetch(server.metricsUrl!);
    expect(response.status).toBe(200);
    metrics = await response.text();
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });

  it('should serve /metrics on its own port, not on the public app', async () => {
    expect(server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(server.metricsUrl!).port).not.toBe(new URL(server.url).port);
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
  });

  it('should count the HTTP requests by route pattern and status', () => {
    for (const route of ['/api/chat', '/api/feedback', '/api/adviser']) {
      expect(sampleValue(metrics, 'kraftcenter_http_requests_total', { method: 'POST', route, status: '200' }), route).toBe(1);
      expect(sampleValue(metrics, 'kraftcenter_http_request_duration_seconds_count', { method: 'POST', route, status: '200' }), route).toBe(1);
    }
  });

  it('should count the answer by channel, intent and mode, with its time, and the retrieval behind it', () => {
    const answers = samplesOf(metrics, 'kraftcenter_answers_total').filter((sample) => sample.labels.channel === 'web' && sample.labels.mode === 'llm');
    expect(answers.map((sample) => sample.labels.intent)).toEqual(expect.arrayContaining([expect.stringMatching(/^(case_lookup|method)$/)]));
    expect(answers.reduce((sum, sample) => sum + sample.value, 0)).toBe(1);
    expect(sampleValue(metrics, 'kraftcenter_answer_duration_seconds_count', { channel: 'web', mode: 'llm' })).toBe(1);
    expect(metrics).toContain('# TYPE kraftcenter_answers_low_confidence_total counter');
    expect(sampleValue(metrics, 'kraftcenter_retrieval_duration_seconds_count')).toBeGreaterThanOrEqual(1);
  });

  it('should count the model calls and the query embeddings', () => {
    expect(sampleValue(metrics, 'kraftcenter_model_calls_total', { operation: 'stream' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(metrics, 'kraftcenter_model_call_duration_seconds_count', { operation: 'stream' })).toBeGreaterThanOrEqual(1);
    expect(metrics).toContain('# TYPE kraftcenter_model_errors_total counter');
    expect(sampleValue(metrics, 'kraftcenter_embedding_calls_total', { purpose: 'query' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(metrics, 'kraftcenter_embedding_duration_seconds_count', { purpose: 'query' })).toBeGreaterThanOrEqual(1);
  });

  it('should count the 👍 and the adviser request, and read feedback, escalations and the outbox from the database', () => {
    expect(sampleValue(metrics, 'kraftcenter_feedback_total', { channel: 'web', value: 'up' })).toBe(1);
    expect(sampleValue(metrics, 'kraftcenter_feedback_votes', { channel: 'web', value: 'up' })).toBe(1);
    expect(sampleValue(metrics, 'kraftcenter_adviser_requests_total', { channel: 'web' })).toBe(1);
    expect(sampleValue(metrics, 'kraftcenter_escalations', { state: 'queued' })).toBe(1);
    expect(sampleValue(metrics, 'kraftcenter_escalations', { state: 'claimed' })).toBe(0);
    expect(sampleValue(metrics, 'kraftcenter_escalation_oldest_queued_age_seconds')).toBeGreaterThanOrEqual(0);
    for (const kind of ['adviser', 'user']) {
      for (const name of ['kraftcenter_outbox_pending', 'kraftcenter_outbox_retrying', 'kraftcenter_outbox_failed']) {
        expect(sampleValue(metrics, name, { kind }), `${name} ${kind}`).toBeGreaterThanOrEqual(0);
      }
    }
    expect(sampleValue(metrics, 'kraftcenter_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(sampleValue(metrics, 'kraftcenter_operations_snapshot_failures_total')).toBe(0);
  });

  it("should expose Node's process metrics and no user id, conversation id or question text", () => {
    expect(metrics).toContain('process_cpu_user_seconds_total');
    expect(metrics).toContain('nodejs_heap_size_used_bytes');
    expect(metrics).not.toMatch(/anon-|kc_uid|hverdagsrehabilitering|Fredericia/);
  });
});

describe('the server with a METRICS_PORT that is taken', () => {
  it('should refuse to start with one line naming METRICS_PORT, and release the database', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
    try {
      const port = String((taken.address() as net.AddressInfo).port);
      await expect(startServer({ ...(await baseEnv()), METRICS_PORT: port })).rejects.toMatchObject({
        code: 'config.invalid', issues: [`METRICS_PORT: port ${port} is in use; choose a free one`],
      });
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
    // The data folder is free again: the next test starts a server on it.
  }, 60_000);
});

describe('the server without METRICS_PORT', () => {
  it('should start no metrics server, and the public app answers 404 for /metrics', async () => {
    const server = await startServer(await baseEnv());
    try {
      expect(server.metricsUrl).toBeUndefined();
      expect(listeningPorts()).toEqual([Number(new URL(server.url).port)]);
      expect((await fetch(`${server.url}metrics`)).status).toBe(404);
    } finally {
      await server.close();
    }
  }, 60_000);
});
