import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../../knowledge/db/db.js';
import { testDatabases } from '../../../support/test-databases.js';
import { startConsoleTestServer, type ConsoleTestServer } from './console-test-server.js';
import type { FakeEscalationService } from './fake-escalation-service.js';

describe('advisers API authorization', () => {
  let db: Db;
  let server: ConsoleTestServer<FakeEscalationService>;
  let clock = new Date();

  beforeAll(async () => {
    db = await testDatabases[0]!.open();
    server = await startConsoleTestServer(db, { now: () => clock });
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('should answer 401 JSON without any credentials, for reading and for acting', async () => {
    const { id } = server.escalations.seed();
    for (const [method, path] of [['GET', '/api/escalations'], ['GET', `/api/escalations/${id}`], ['POST', `/api/escalations/${id}/claim`], ['GET', '/api/advisers'], ['GET', '/api/escalations/stream']]) {
      const response = await server.api(method!, path!);
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
    expect(server.escalations.items.get(id)?.status).toBe('queued');
  });

  it('should answer 401 for an unknown bearer token or session cookie', async () => {
    expect((await server.api('GET', '/api/escalations', { bearer: `kca_${'a'.repeat(43)}` })).status).toBe(401);
    expect((await server.api('GET', '/api/escalations', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
    expect((await server.api('GET', '/api/escalations', { cookie: 'kc_adviser_session=forged' })).status).toBe(401);
  });

  it('should let scripts use a bearer token for reading and acting, without a CSRF token', async () => {
    const { token, adviser } = await server.addAdviser('Script Rådgiver');
    const { id } = server.escalations.seed();
    const list = await server.api('GET', '/api/escalations', { bearer: token });
    expect(list.status).toBe(200);
    expect(((await list.json()) as { escalations: unknown[] }).escalations.length).toBeGreaterThan(0);
    const claim = await server.api('POST', `/api/escalations/${id}/claim`, { bearer: token });
    expect(claim.status).toBe(200);
    expect(server.escalations.items.get(id)?.adviserId).toBe(adviser.id);
    const me = (await (await server.api('GET', '/api/advisers/me', { bearer: token })).json()) as Record<string, unknown>;
    expect(me).toMatchObject({ adviser: { id: adviser.id }, via: 'bearer' });
    expect(me.csrfToken).toBeUndefined();
  });

  it('should refuse a state-changing session request without the CSRF token, or with a wrong one (403)', async () => {
    const { token } = await server.addAdviser();
    const { cookie, csrf } = await server.signIn(token);
    const { id } = server.escalations.seed();
    expect((await server.api('GET', '/api/escalations', { cookie })).status).toBe(200);
    for (const wrong of [undefined, 'wrong', `${csrf}x`]) {
      const response = await server.api('POST', `/api/escalations/${id}/claim`, { cookie, ...(wrong ? { csrf: wrong } : {}) });
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('csrf_failed');
    }
    expect(server.escalations.items.get(id)?.status).toBe('queued');
    expect((await server.api('POST', `/api/escalations/${id}/claim`, { cookie, csrf })).status).toBe(200);
  });

  it("should not accept another session's CSRF token", async () => {
    const first = await server.signIn((await server.addAdviser()).token);
    const second = await server.signIn((await server.addAdviser()).token);
    const { id } = server.escalations.seed();
    expect((await server.api('POST', `/api/escalations/${id}/claim`, { cookie: first.cookie, csrf: second.csrf })).status).toBe(403);
  });

  it('should refuse a disabled adviser with 403, by bearer token and by an existing session', async () => {
    const { token, adviser } = await server.addAdviser();
    const { cookie, csrf } = await server.signIn(token);
    await server.advisers.disable(adviser.email);
    expect((await server.api('GET', '/api/escalations', { bearer: token })).status).toBe(403);
    // disable() ended the session too; a session row that survived would still be refused as disabled.
    expect([401, 403]).toContain((await server.api('GET', '/api/escalations', { cookie, csrf })).status);
    await server.advisers.enable(adviser.email);
    const again = await server.signIn(token);
    await db.query('UPDATE advisers SET enabled = false WHERE id = $1', [adviser.id]);
    const refused = await server.api('GET', '/api/escalations', { cookie: again.cookie });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  });

  it("should refuse a reply on another adviser's claimed escalation (403) until it is reassigned", async () => {
    const owner = await server.addAdviser('Ejer');
    const other = await server.addAdviser('Anden');
    server.escalations.knownAdvisers.add(other.adviser.id);
    const { id } = server.escalations.seed();
    expect((await server.api('POST', `/api/escalations/${id}/claim`, { bearer: owner.token })).status).toBe(200);
    const refused = await server.api('POST', `/api/escalations/${id}/messages`, { bearer: other.token, body: { text: 'Hej' } });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('not_yours');
    expect((await server.api('POST', `/api/escalations/${id}/reassign`, { bearer: owner.token, body: { adviserId: other.adviser.id } })).status).toBe(200);
    expect((await server.api('POST', `/api/escalations/${id}/messages`, { bearer: other.token, body: { text: 'Hej' } })).status).toBe(201);
  });

  it('should treat an expired session as signed out (401)', async () => {
    const { cookie } = await server.signIn((await server.addAdviser()).token);
    clock = new Date(Date.now() + 13 * 3600_000);
    try {
      expect((await server.api('GET', '/api/escalations', { cookie })).status).toBe(401);
    } finally {
      clock = new Date();
    }
  });

  it('should end the session on sign-out (with the CSRF token) and audit sign-in and sign-out', async () => {
    const { adviser, token } = await server.addAdviser();
    const { cookie, csrf } = await server.signIn(token);
    const forged = await server.api('POST', '/advisers/sign-out', { cookie, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'csrf=wrong' });
    expect(forged.status).toBe(403);
    expect((await server.api('GET', '/api/escalations', { cookie })).status).toBe(200);
    const out = await server.api('POST', '/advisers/sign-out', { cookie, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `csrf=${encodeURIComponent(csrf)}` });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/advisers?logged-out');
    expect(out.headers.get('set-cookie')).toMatch(/kc_adviser_session=;/);
    expect((await server.api('GET', '/api/escalations', { cookie })).status).toBe(401);
    const { rows } = await db.query<{ action: string }>('SELECT action FROM audit_log WHERE actor = $1 ORDER BY id', [adviser.id]);
    expect(rows.map((r) => r.action)).toEqual(['adviser.signed_in', 'adviser.signed_out']);
  });

  it('should list only enabled colleagues for reassigning', async () => {
    const { token } = await server.addAdviser('Aktiv Kollega');
    const gone = await server.addAdviser('Deaktiveret Kollega');
    await server.advisers.disable(gone.adviser.email);
    const body = (await (await server.api('GET', '/api/advisers', { bearer: token })).json()) as { advisers: Array<{ id: string; name: string }> };
    expect(body.advisers.map((a) => a.name)).toContain('Aktiv Kollega');
    expect(body.advisers.map((a) => a.name)).not.toContain('Deaktiveret Kollega');
    expect(Object.keys(body.advisers[0]!).sort()).toEqual(['id', 'name']);
  });
});
