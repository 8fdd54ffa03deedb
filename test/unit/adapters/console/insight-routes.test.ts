/**
 * The insight page and API over HTTP: staff only (no session → 401, the page → sign-in), read-only (a POST needs the
 * CSRF token like every console POST, and is then refused as 405), the period and filter checks, chart.js served by
 * the app itself under the strict CSP, and the gap draft download.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../../knowledge/db/db.js';
import { testDatabases } from '../../../support/test-databases.js';
import { startConsoleTestServer, type ConsoleTestServer } from './console-test-server.js';
import type { FakeEscalationService } from './fake-escalation-service.js';

describe('insight routes', () => {
  let db: Db;
  let server: ConsoleTestServer<FakeEscalationService>;
  let session: { cookie: string; csrf: string };
  let token: string;

  beforeAll(async () => {
    db = await testDatabases[0]!.open();
    server = await startConsoleTestServer(db);
    token = (await server.addAdviser('Insigt Rådgiver')).token;
    session = await server.signIn(token);
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('should refuse the API without a session or token (401) and send the page to sign-in', async () => {
    const api = await server.api('GET', '/api/insight');
    expect(api.status).toBe(401);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    expect((await server.api('GET', '/api/insight/draft?type=case&topic=droner')).status).toBe(401);
    const page = await server.api('GET', '/advisers/insight');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/advisers');
  });

  it('should serve the page to a signed-in adviser with the strict CSP and no inline script or style', async () => {
    const page = await server.api('GET', '/advisers/insight', { cookie: session.cookie });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'; style-src 'self'/);
    const html = await page.text();
    expect(html).toContain('<html lang="da">');
    expect(html).toContain('src="/advisers/assets/vendor/chart.umd.min.js"');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)|\sstyle=|\son\w+=/i);
  });

  it('should serve chart.js from the app itself', async () => {
    const response = await server.api('GET', '/advisers/assets/vendor/chart.umd.min.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(await response.text()).toMatch(/Chart\.js v4\.6\.1/);
  });

  it('should answer the report for a session and for a bearer token, defaulting to the last 30 days', async () => {
    for (const auth of [{ cookie: session.cookie }, { bearer: token }]) {
      const response = await server.api('GET', '/api/insight', auth);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const report = (await response.json()) as { period: { days: number }; weeks: string[]; gaps: { topics: unknown[] } };
      expect(report.period.days).toBe(30);
      expect(report.weeks.length).toBeGreaterThanOrEqual(5);
      expect(report.gaps.topics).toEqual([]);
    }
    const custom = (await (await server.api('GET', '/api/insight?period=custom&from=2026-03-02&to=2026-03-15&channel=web&audience=public', { bearer: token })).json()) as Record<string, unknown>;
    expect(custom).toMatchObject({ period: { from: '2026-03-02', to: '2026-03-15', days: 14 }, filters: { channel: 'web', audience: 'public' }, weeks: ['2026-03-02', '2026-03-09'] });
  });

  it('should refuse a bad period or filter with a Danish 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['period=14', 'period'],
      ['period=custom&to=2026-03-15', 'from'],
      ['period=custom&from=2026-02-30&to=2026-03-15', 'from'],
      ['period=custom&from=2026-03-15&to=2026-03-01', 'to'],
      ['period=custom&from=2024-01-01&to=2026-01-01', 'to'],
      ['channel=fax', 'channel'],
      ['audience=everyone', 'audience'],
    ];
    for (const [query, field] of cases) {
      const response = await server.api('GET', `/api/insight?${query}`, { bearer: token });
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { error: { field: string } }).error.field, query).toBe(field);
    }
  });

  it('should demand the CSRF token on a POST (403 without it) and, being read-only, refuse POST with 405', async () => {
    const withoutCsrf = await server.api('POST', '/api/insight', { cookie: session.cookie, body: {} });
    expect(withoutCsrf.status).toBe(403);
    expect(((await withoutCsrf.json()) as { error: { code: string } }).error.code).toBe('csrf_failed');
    const withCsrf = await server.api('POST', '/api/insight', { cookie: session.cookie, csrf: session.csrf, body: {} });
    expect(withCsrf.status).toBe(405);
    expect(withCsrf.headers.get('allow')).toBe('GET');
  });

  it('should download a gap as a case draft in the library format, with the questions asked', async () => {
    const query = new URLSearchParams({ type: 'case', topic: 'droner hjemmeplejen', count: '7' });
    query.append('example', 'Hvem har brugt droner i hjemmeplejen?');
    query.append('example', 'Droner i hjemmeplejen – erfaringer?');
    const response = await server.api('GET', `/api/insight/draft?${query}`, { cookie: session.cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="?udkast-case-droner-hjemmeplejen\.md"?$/);
    const markdown = await response.text();
    expect(markdown).toMatch(/^---\n# Udkast fra et videnshul/);
    expect(markdown).toContain('type: case\ntitle: "Droner hjemmeplejen"');
    expect(markdown).toContain('- Hvem har brugt droner i hjemmeplejen?\n- Droner i hjemmeplejen – erfaringer?');
    expect(markdown).toContain('7 spørgsmål i perioden');
    expect(markdown).toContain('## Baggrund');
    const method = await (await server.api('GET', '/api/insight/draft?type=method&topic=droner', { bearer: token })).text();
    expect(method).toContain('type: method');
    expect(method).toContain('## Sådan gør I');
    expect((await server.api('GET', '/api/insight/draft?type=report&topic=droner', { bearer: token })).status).toBe(400);
  });
});
