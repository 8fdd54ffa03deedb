/**
 * A question over the answers cap is refused before the server's logging, metrics middleware and routing
 * (adapters/load-shedding.ts with the web channel's `shedLoad`), composed as adapters/server.ts composes them: the
 * refusal is the same 503 the web app's own route sends, it carries a request id, it is counted in the HTTP metrics
 * and logged as a warning; everything else still goes through the app.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../../adapters/channel.js';
import { shedLoadFirst } from '../../../adapters/load-shedding.js';
import { createWebChannel } from '../../../adapters/web/web-channel.js';
import { createMetrics } from '../../../observability/metrics.js';
import { createHeldEngine, type FakeEngine } from '../../fakes/fake-engine.js';
import { recordingLogger, startWebTestServer, type RecordingLogger } from './web/web-test-server.js';

interface Composed {
  url: string;
  logger: RecordingLogger;
  metrics: ReturnType<typeof createMetrics>;
  /** Requests the app's first middleware saw (the place of request logging and metrics in the server). */
  seenByApp: string[];
  close(): Promise<void>;
}

/** The server's composition: an outer app with a first middleware, the web channel mounted last, shedding first. */
async function compose(options: { engine: FakeEngine; trustProxy?: boolean }): Promise<Composed> {
  const logger = recordingLogger();
  const metrics = createMetrics({ processMetrics: false });
  const channel: Channel = createWebChannel({ engine: options.engine, logger, maxAnswersInProgress: 1 });
  const app = express();
  app.disable('x-powered-by');
  if (options.trustProxy) app.set('trust proxy', true);
  const seenByApp: string[] = [];
  app.use((req, _res, next) => (seenByApp.push(`${req.method} ${req.url}`), next()));
  app.use(channel.routes!.handler);
  const server = http.createServer(shedLoadFirst(app, { channels: [channel], logger, metrics, trustProxy: app.get('trust proxy fn') }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    logger,
    metrics,
    seenByApp,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

const ask = (url: string, path = '/api/chat', headers: Record<string, string> = {}) =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ text: 'Hvem har prøvet hverdagsrehabilitering?' }) });

/** Asks a first question and waits until its answer has started: it holds the only slot until the engine is released. */
async function holdTheOnlySlot(composed: Composed): Promise<{ answer: Promise<Response> }> {
  const answer = ask(composed.url);
  await expect.poll(() => composed.seenByApp.length).toBe(1);
  await new Promise((resolve) => setTimeout(resolve, 20));
  return { answer };
}

describe('refusing questions over the answers cap before the server handles them', () => {
  let composed: Composed | undefined;
  afterEach(async () => {
    await composed?.close();
    composed = undefined;
  });

  it('should refuse a question while every slot is taken, without the app seeing it, with the 503 the web route sends', async () => {
    const held = createHeldEngine();
    composed = await compose({ engine: held.engine });
    const { answer: first } = await holdTheOnlySlot(composed); // the first answer has started and holds the slot

    const refused = await ask(composed.url);
    expect(refused.status).toBe(503);
    expect(composed.seenByApp).toHaveLength(1);
    const seconds = Number(refused.headers.get('retry-after'));
    expect(seconds).toBeGreaterThanOrEqual(3);
    expect(seconds).toBeLessThanOrEqual(7);
    expect(refused.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect(refused.headers.get('x-content-type-options')).toBe('nosniff');
    expect(refused.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(refused.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await refused.json()).toEqual({ error: { code: 'unavailable', message: `Assistenten har travlt lige nu. Prøv igen om ${seconds} sekunder.` } });

    held.release();
    expect((await first).status).toBe(200);
    expect((await ask(composed.url)).status).toBe(200);
    expect(composed.seenByApp).toHaveLength(2);
  });

  it('should send the same status, body shape and headers as the refusal of the web route itself', async () => {
    const viaShedding = createHeldEngine();
    composed = await compose({ engine: viaShedding.engine });
    const { answer: holding } = await holdTheOnlySlot(composed);
    const shed = await ask(composed.url);

    const viaRoute = createHeldEngine();
    const web = await startWebTestServer({ engine: viaRoute.engine, maxAnswersInProgress: 1 });
    try {
      const holdingToo = web.post('/api/chat', { text: 'Et' });
      await new Promise((resolve) => setTimeout(resolve, 20));
      const routed = await web.post('/api/chat', { text: 'Et til' });
      expect(shed.status).toBe(routed.status);
      const names = (response: Response) => {
        const all: string[] = [];
        response.headers.forEach((_value, name) => all.push(name));
        return all.filter((name) => !['date', 'connection', 'keep-alive', 'etag', 'content-length'].includes(name)).sort();
      };
      expect(names(shed)).toEqual(names(routed));
      const bodyShape = async (response: Response) => {
        const body = (await response.json()) as { error: { code: string; message: string } };
        return { code: body.error.code, message: body.error.message.replace(/\d+/, 'N') };
      };
      expect(await bodyShape(shed)).toEqual(await bodyShape(routed));
      viaRoute.release();
      await holdingToo;
    } finally {
      await web.close();
    }
    viaShedding.release();
    await holding;
  });

  it('should count the refusal in the HTTP metrics and log it as a warning with its request id', async () => {
    const held = createHeldEngine();
    composed = await compose({ engine: held.engine });
    const { answer: first } = await holdTheOnlySlot(composed);
    const refused = await ask(composed.url);
    held.release();
    await first;

    const text = await composed.metrics.registry.metrics();
    expect(text).toMatch(/kraftcenter_http_requests_total\{method="POST",route="\/api\/chat",status="503"\} 1/);
    const warning = composed.logger.entries.find((entry) => entry.message === 'request refused: over capacity');
    expect(warning).toMatchObject({
      level: 'warn',
      details: { req: { method: 'POST', url: '/api/chat' }, res: { statusCode: 503 }, retryAfter: refused.headers.get('retry-after'), requestId: refused.headers.get('x-request-id') },
    });
  });

  it("should keep a trusted proxy's request id on a refusal, and give a new one when the proxy is not trusted", async () => {
    for (const trustProxy of [true, false]) {
      const held = createHeldEngine();
      composed = await compose({ engine: held.engine, trustProxy });
      const { answer: first } = await holdTheOnlySlot(composed);
      const refused = await ask(composed.url, '/api/chat', { 'x-request-id': 'lb-4711' });
      expect(refused.status).toBe(503);
      expect(composed.seenByApp).toHaveLength(1);
      expect(refused.headers.get('x-request-id') === 'lb-4711').toBe(trustProxy);
      held.release();
      await first;
      await composed.close();
      composed = undefined;
    }
  });

  it('should leave other routes and methods to the app while the slots are taken, and refuse the path however it is spelled', async () => {
    const held = createHeldEngine();
    composed = await compose({ engine: held.engine });
    const { answer: first } = await holdTheOnlySlot(composed);

    expect((await fetch(`${composed.url}/api/chat`)).status).not.toBe(503);
    expect((await ask(composed.url, '/api/chats')).status).toBe(404);
    expect((await fetch(`${composed.url}/livez`)).status).toBe(200);
    expect(composed.seenByApp).toHaveLength(4);
    for (const path of ['/api/chat/', '/API/Chat', '/api/chat?stream=1']) expect((await ask(composed.url, path)).status).toBe(503);
    expect(composed.seenByApp).toHaveLength(4);
    held.release();
    await first;
  });
});
