import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebTestServer, type WebTestServer } from './web-test-server.js';

type ErrorBody = { error: { code: string; message: string } };

describe('web app errors, health and page', () => {
  let server: WebTestServer;
  beforeEach(async () => {
    server = await startWebTestServer({ maxBodyBytes: 2048 });
  });
  afterEach(async () => {
    await server.close();
  });

  it('should answer 413 with a JSON error when the body is larger than maxBodyBytes', async () => {
    const response = await server.post('/api/chat', { conversationId: 'c', text: 'x'.repeat(4096) });
    expect(response.status).toBe(413);
    expect(((await response.json()) as ErrorBody).error.code).toBe('payload_too_large');
    expect(server.engine.calls.handleMessage).toHaveLength(0);
  });

  it('should answer 400 with a JSON error when the JSON is malformed', async () => {
    const response = await server.post('/api/chat', '{"text": "Hej",');
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toMatch(/JSON/);
  });

  it('should answer 415 when the body is not JSON', async () => {
    const response = await server.post('/api/chat', 'text=Hej', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(415);
    expect(((await response.json()) as ErrorBody).error.code).toBe('unsupported_media_type');
  });

  it('should answer a JSON 404 when the /api route is unknown', async () => {
    const response = await fetch(`${server.baseUrl}/api/nope`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(((await response.json()) as ErrorBody).error.code).toBe('not_found');
  });

  it('should answer a short Danish 404 when a page outside /api is unknown', async () => {
    const response = await fetch(`${server.baseUrl}/nope`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('Siden findes ikke.');
  });

  it('should answer 405 with Allow: POST when an API route gets a GET', async () => {
    const response = await fetch(`${server.baseUrl}/api/chat`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('should answer 500 without internal details and log the cause once when the engine throws', async () => {
    server.engine.failNext('handleMessage', new Error('database exploded at /srv/secret/store.ts:12'));
    const response = await server.post('/api/chat', { conversationId: 'c', text: 'Hej' });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: 'Der opstod en fejl. Prøv igen om lidt.' } });
    expect(text).not.toMatch(/exploded|secret|store\.ts|at /);
    const errors = server.logger.entries.filter((entry) => entry.level === 'error');
    expect(errors).toHaveLength(1);
    expect((errors[0]?.details?.cause as Error).message).toMatch(/database exploded/);
  });

  it('should answer 500 JSON when recordFeedback throws', async () => {
    server.engine.failNext('recordFeedback');
    const response = await server.post('/api/feedback', { replyId: 'r', value: 'up' });
    expect(response.status).toBe(500);
    expect(((await response.json()) as ErrorBody).error.code).toBe('internal');
  });

  it('should answer 200 with the health report when the engine is healthy', async () => {
    const response = await fetch(`${server.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, database: { ok: true }, documents: 42 });
  });

  it('should answer 503 with the report when the engine is unhealthy', async () => {
    server.engine.setHealth({ ok: false, database: { ok: false, kind: 'postgres', detail: 'connection refused' } });
    const response = await fetch(`${server.baseUrl}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ ok: false, database: { ok: false } });
  });

  it('should answer 503 when the health check throws', async () => {
    server.engine.failNext('health');
    const response = await fetch(`${server.baseUrl}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ ok: false });
  });

  it('should serve the Danish chat page with security headers when GET / is requested', async () => {
    const response = await fetch(`${server.baseUrl}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBeTruthy();
    expect(response.headers.get('x-powered-by')).toBeNull();
    const html = await response.text();
    expect(html).toContain('Spørg Kraftcenterets assistent');
    expect(html).toContain('placeholder="Skriv dit spørgsmål…"');
    expect(html).toMatch(/<main[\s>]/);
    // Answers are announced once, when final, from a status region (or ariaNotify); the log itself is not live.
    expect(html).toMatch(/role="log"[^>]*aria-live="off"/);
    expect(html).toMatch(/id="announcer"[^>]*role="status"[^>]*aria-live="polite"/);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle="/);
  });

  it('should serve the page scripts as JavaScript when they are requested', async () => {
    for (const file of ['app.js', 'markdown.js', 'styles.css']) {
      const response = await fetch(`${server.baseUrl}/${file}`);
      expect(response.status, file).toBe(200);
      expect(response.headers.get('content-type'), file).toMatch(file.endsWith('.js') ? /javascript/ : /text\/css/);
    }
  });
});
