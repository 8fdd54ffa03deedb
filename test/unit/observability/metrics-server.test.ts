/**
 * The metrics server serves its own registry's /metrics and nothing else; registries are independent; the HTTP
 * middleware labels requests by route pattern (never the raw URL) and status, also when an error left the router.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../../../observability/metrics.js';
import { httpMetrics } from '../../../observability/metrics-http.js';
import { startMetricsServer, type MetricsServer } from '../../../observability/metrics-server.js';
import { sampleValue, samplesOf } from './metrics-values.js';

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function started(metrics = createMetrics()): Promise<MetricsServer> {
  const server = await startMetricsServer({ registry: metrics.registry, port: 0 });
  servers.push(server);
  return server;
}

describe('startMetricsServer', () => {
  it('should serve the registry on GET /metrics in the Prometheus text format, with Node process metrics', async () => {
    const metrics = createMetrics();
    metrics.answers.total.inc({ channel: 'web', intent: 'method', mode: 'extractive' });
    const server = await started(metrics);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/metrics`);
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await response.text();
    expect(sampleValue(text, 'kraftcenter_answers_total', { channel: 'web', intent: 'method', mode: 'extractive' })).toBe(1);
    expect(text).toContain('# TYPE kraftcenter_http_request_duration_seconds histogram');
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('should answer 404 for any other path and 405 for other methods', async () => {
    const server = await started();
    const base = server.url.replace(/\/metrics$/, '');
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/api/chat`)).status).toBe(404);
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(405);
  });

  it('should keep two registries apart (no global default registry)', async () => {
    const first = createMetrics();
    const second = createMetrics();
    first.feedback.inc({ channel: 'web', value: 'up' });
    expect(sampleValue(await first.registry.metrics(), 'kraftcenter_feedback_total', { channel: 'web', value: 'up' })).toBe(1);
    expect(sampleValue(await second.registry.metrics(), 'kraftcenter_feedback_total', { channel: 'web', value: 'up' })).toBeUndefined();
  });

  it('should stop listening when closed', async () => {
    const server = await startMetricsServer({ registry: createMetrics({ processMetrics: false }).registry, port: 0 });
    await server.close();
    await expect(fetch(server.url)).rejects.toThrow();
  });
});

describe('httpMetrics', () => {
  async function appWithMetrics() {
    const metrics = createMetrics({ processMetrics: false });
    const app = express();
    app.use(httpMetrics(metrics));
    const api = express.Router();
    api.get('/conversations/:conversationId/events', (_req, res) => void res.status(204).end());
    api.post('/chat', async () => {
      throw new Error('boom');
    });
    app.use('/api', api);
    app.get('/page.html', (_req, res) => void res.type('html').send('<p>hej</p>'));
    app.use((_req, res) => void res.status(404).send('Siden findes ikke.'));
    app.use((_error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => void res.status(500).send('fejl'));
    const server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    servers.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
    return { metrics, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  }

  it('should label requests by method, route pattern and status, never by the raw URL', async () => {
    const { metrics, base } = await appWithMetrics();
    await fetch(`${base}/api/conversations/3f1c0a2e-secret-id/events`);
    await fetch(`${base}/api/conversations/another-id/events`);
    await fetch(`${base}/api/chat`, { method: 'POST' });
    await fetch(`${base}/no-such-page/personal-data`);
    await fetch(`${base}/page.html`);

    const text = await metrics.registry.metrics();
    expect(sampleValue(text, 'kraftcenter_http_requests_total', { method: 'GET', route: '/api/conversations/:conversationId/events', status: '204' })).toBe(2);
    // The async error left the router before the response: the pattern still has its mount path.
    expect(sampleValue(text, 'kraftcenter_http_requests_total', { method: 'POST', route: '/api/chat', status: '500' })).toBe(1);
    expect(sampleValue(text, 'kraftcenter_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    expect(sampleValue(text, 'kraftcenter_http_requests_total', { method: 'GET', route: '/page.html', status: '200' })).toBe(1);
    expect(sampleValue(text, 'kraftcenter_http_request_duration_seconds_count', { method: 'GET', route: '/api/conversations/:conversationId/events', status: '204' })).toBe(2);
    expect(text).not.toMatch(/secret-id|another-id|personal-data/);
    expect(samplesOf(text, 'kraftcenter_http_requests_total')).toHaveLength(4);
  });
});
