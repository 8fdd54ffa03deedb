/**
 * Issue 10 ("Safe to deploy"), the web adapter's part without a database: back-pressure on answers in progress,
 * HSTS behind a TLS-terminating proxy, keep-alive timeouts above a load balancer's, and request errors as 4xx.
 */
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { applyHttpTimeouts, createWebApp, KEEP_ALIVE_TIMEOUT_MS } from '../../../../adapters/web/index.js';
import type { BotReply, IncomingMessage } from '../../../../bot/messages.js';
import { createFakeEngine } from '../../../fakes/fake-engine.js';
import { startWebTestServer, type WebTestServer } from './web-test-server.js';

describe('answers in progress', () => {
  let server: WebTestServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  it('should answer 503 with Retry-After past the cap, and take questions again once an answer is done', async () => {
    const fake = createFakeEngine();
    const releases: Array<() => void> = [];
    const engine = {
      ...fake,
      handleMessage: async (message: IncomingMessage): Promise<BotReply> => {
        await new Promise<void>((resolve) => releases.push(resolve));
        return fake.handleMessage(message);
      },
    };
    server = await startWebTestServer({ engine: engine as never, maxAnswersInProgress: 2 });
    const first = server.post('/api/chat', { text: 'Et' });
    const second = server.post('/api/chat', { text: 'To' });
    while (releases.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));

    const refused = await server.post('/api/chat', { text: 'Tre' });
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/travlt/) });

    releases.shift()!();
    expect((await first).status).toBe(200);
    const third = server.post('/api/chat', { text: 'Tre igen' });
    while (releases.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    for (const release of releases.splice(0)) release();
    expect((await second).status).toBe(200);
    expect((await third).status).toBe(200);
  });
});

describe('answers in progress, checked first', () => {
  let server: WebTestServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  it('should refuse a question over the cap without waiting for the rate-limit check of the ones holding the slots', async () => {
    // The rate counter (a database query in production) does not answer until the test lets it.
    const pending: Array<() => void> = [];
    const rateCounter = () => new Promise<{ allowed: boolean; retryAfterSeconds: number }>((resolve) => pending.push(() => resolve({ allowed: true, retryAfterSeconds: 0 })));
    server = await startWebTestServer({ maxAnswersInProgress: 1, rateCounter });
    const first = server.post('/api/chat', { text: 'Et' });
    while (pending.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));

    const refused = await server.post('/api/chat', { text: 'To' });
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(pending).toHaveLength(1); // the refused question was never counted

    for (const release of pending.splice(0)) release();
    expect((await first).status).toBe(200);
  });
});

describe('Strict-Transport-Security', () => {
  let listening: Server | undefined;
  afterEach(async () => {
    listening?.closeAllConnections();
    await new Promise((resolve) => listening?.close(resolve));
    listening = undefined;
  });

  async function get(trustProxy: boolean, headers: Record<string, string>): Promise<Response> {
    const app = express();
    if (trustProxy) app.set('trust proxy', true);
    app.use(createWebApp({ engine: createFakeEngine() }));
    listening = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    return fetch(`http://127.0.0.1:${(listening.address() as AddressInfo).port}/healthz`, { headers });
  }

  it('should send HSTS when TRUST_PROXY is set and the proxy says the request came over https', async () => {
    const response = await get(true, { 'x-forwarded-proto': 'https' });
    expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d{8,}/);
  });

  it('should not send HSTS over plain http, nor trust X-Forwarded-Proto without TRUST_PROXY', async () => {
    expect((await get(true, { 'x-forwarded-proto': 'http' })).headers.get('strict-transport-security')).toBeNull();
    await new Promise((resolve) => listening?.close(resolve));
    expect((await get(false, { 'x-forwarded-proto': 'https' })).headers.get('strict-transport-security')).toBeNull();
  });
});

describe('applyHttpTimeouts', () => {
  it('should keep idle connections longer than a 60 s load balancer, and allow headers a little longer still', () => {
    const server = applyHttpTimeouts(http.createServer());
    expect(server.keepAliveTimeout).toBe(KEEP_ALIVE_TIMEOUT_MS);
    expect(server.keepAliveTimeout).toBeGreaterThan(60_000);
    expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
  });
});

describe('request errors', () => {
  let server: WebTestServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  it('should answer 400, not 500, for a bad %-escape in a path parameter and for a body that is not the deflate it claims', async () => {
    server = await startWebTestServer();
    const escape = await fetch(`${server.baseUrl}/api/conversations/%ZZ/events`);
    expect(escape.status).toBe(400);
    expect(((await escape.json()) as { error: { code: string } }).error).toEqual({ code: 'bad_request', message: 'Adressen indeholder en ugyldig %-kode.' });
    const deflate = await server.post('/api/feedback', 'not deflated', { 'content-encoding': 'deflate' });
    expect(deflate.status).toBe(400);
    expect(server.logger.entries.filter((entry) => entry.level === 'error')).toEqual([]);
  });
});
