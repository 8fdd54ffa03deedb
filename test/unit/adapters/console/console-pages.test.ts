import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../../knowledge/db/db.js';
import { testDatabases } from '../../../support/test-databases.js';
import { startConsoleTestServer, type ConsoleTestServer } from './console-test-server.js';
import type { FakeEscalationService } from './fake-escalation-service.js';

const form = (body: Record<string, string>, headers: Record<string, string> = {}) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(body).toString(),
});

describe('advisers console pages', () => {
  let db: Db;
  let server: ConsoleTestServer<FakeEscalationService>;

  beforeAll(async () => {
    db = await testDatabases[0]!.open();
    server = await startConsoleTestServer(db);
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('should serve the sign-in page with a strict CSP, no inline script and a labelled password field', async () => {
    const response = await server.api('GET', '/advisers');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain('<html lang="da">');
    expect(html).toMatch(/<label for="token">Adgangstoken<\/label>/);
    expect(html).toMatch(/<input id="token" name="token" type="password"/);
    expect(html).not.toMatch(/<script|\sstyle=|\son\w+=/i);
  });

  it('should sign in with a valid token: HttpOnly SameSite=Strict cookie on Path=/, not Secure over http, 303 to the queue', async () => {
    const { token } = await server.addAdviser();
    const response = await server.api('POST', '/advisers/session', form({ token }));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/advisers/queue');
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^kc_adviser_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/i);
    expect(cookie).not.toContain(token);
  });

  it('should answer a wrong token with the sign-in page and an alert (401), without echoing the token', async () => {
    const response = await server.api('POST', '/advisers/session', form({ token: 'kca_<script>alert(1)</script>' }));
    expect(response.status).toBe(401);
    expect(response.headers.get('set-cookie')).toBeNull();
    const html = await response.text();
    expect(html).toMatch(/role="alert"/);
    expect(html).toContain('Tokenet er ikke gyldigt');
    expect(html).not.toContain('<script>alert');
  });

  it('should refuse a disabled adviser at sign-in (403)', async () => {
    const { token, adviser } = await server.addAdviser();
    await server.advisers.disable(adviser.email);
    const response = await server.api('POST', '/advisers/session', form({ token }));
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('deaktiveret');
  });

  it('should refuse a sign-in form posted from another site', async () => {
    const { token } = await server.addAdviser();
    const foreign = await server.api('POST', '/advisers/session', form({ token }, { origin: 'https://evil.example' }));
    expect(foreign.status).toBe(403);
    const fetchSite = await server.api('POST', '/advisers/session', form({ token }, { 'sec-fetch-site': 'cross-site' }));
    expect(fetchSite.status).toBe(403);
    const sameSite = await server.api('POST', '/advisers/session', form({ token }, { 'sec-fetch-site': 'same-site' }));
    expect(sameSite.status).toBe(403);
    const same = await server.api('POST', '/advisers/session', form({ token }, { origin: server.baseUrl }));
    expect(same.status).toBe(303);
    // Under Referrer-Policy: no-referrer, Chrome sends "Origin: null" on the console's own form; Sec-Fetch-Site decides.
    const chrome = await server.api('POST', '/advisers/session', form({ token }, { origin: 'null', 'sec-fetch-site': 'same-origin' }));
    expect(chrome.status).toBe(303);
  });

  it('should send signed-out visitors from the console page to sign-in, and signed-in advisers from sign-in to the console', async () => {
    const noSession = await server.api('GET', '/advisers/queue');
    expect(noSession.status).toBe(303);
    expect(noSession.headers.get('location')).toBe('/advisers');
    const { cookie } = await server.signIn((await server.addAdviser()).token);
    const page = await server.api('GET', '/advisers/queue', { cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/advisers/assets/console.js"></script>');
    expect(html).not.toMatch(/<script>(?!<)/);
    const signIn = await server.api('GET', '/advisers', { cookie });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe('/advisers/queue');
  });

  it("should serve the console's scripts, including the chat page's shared DOM and Markdown helpers", async () => {
    for (const path of ['/advisers/assets/console.js', '/advisers/assets/console.css', '/advisers/assets/lib/dom.js', '/advisers/assets/lib/markdown.js']) {
      const response = await server.api('GET', path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toMatch(path.endsWith('.css') ? /text\/css/ : /javascript/);
    }
    expect((await server.api('GET', '/advisers/assets/../../console-options.ts')).status).toBe(404);
  });

  it('should leave other paths to the web chat', async () => {
    expect((await server.api('GET', '/')).status).toBe(200);
    expect((await server.api('GET', '/healthz')).status).toBe(200);
    expect((await server.api('POST', '/api/chat', { body: { text: 'Hej' } })).status).toBe(200);
    // Without a database the chat's hand-off stream is off: 204 makes EventSource stop quietly.
    expect((await server.api('GET', '/api/conversations/abc/events')).status).toBe(204);
  });
});
