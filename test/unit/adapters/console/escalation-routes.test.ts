import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../../knowledge/db/db.js';
import { testDatabases } from '../../../support/test-databases.js';
import { startConsoleTestServer, type ConsoleTestServer } from './console-test-server.js';
import type { FakeEscalationService } from './fake-escalation-service.js';

describe('advisers API routes', () => {
  let db: Db;
  let server: ConsoleTestServer<FakeEscalationService>;
  let token: string;
  let adviserId: string;
  const error = async (response: Response) => ((await response.json()) as { error: { code: string; message: string } }).error;

  beforeAll(async () => {
    db = await testDatabases[0]!.open();
    server = await startConsoleTestServer(db);
    ({ token, adviser: { id: adviserId } } = await server.addAdviser());
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('should map the queue views and filters to the service filter', async () => {
    const cases: Array<[string, object]> = [
      ['', { status: ['queued', 'claimed'] }],
      ['?status=open', { status: ['queued', 'claimed'] }],
      ['?status=claimed', { status: ['claimed'] }],
      ['?status=resolved', { status: ['resolved'] }],
      ['?status=all', {}],
      ['?status=open&mine=true&channel=slack&minAge=30', { status: ['queued', 'claimed'], adviserId, channel: 'slack', minAgeMinutes: 30 }],
    ];
    for (const [query, filter] of cases) {
      server.escalations.calls.length = 0;
      const response = await server.api('GET', `/api/escalations${query}`, { bearer: token });
      expect(response.status, query).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(server.escalations.calls[0]?.args[0], query).toEqual(filter);
    }
  });

  it('should answer 400 naming the field for a bad query', async () => {
    for (const query of ['?status=weird', '?minAge=-1', '?minAge=abc', '?mine=maybe']) {
      const response = await server.api('GET', `/api/escalations${query}`, { bearer: token });
      expect(response.status, query).toBe(400);
      expect((await error(response)).code).toBe('bad_request');
    }
  });

  it('should return one escalation with its transcript, or 404', async () => {
    const item = server.escalations.seed({
      transcript: [{ id: 'm1', role: 'bot', text: 'Se [1].', citations: [{ n: 1, documentId: 'd', title: 'Case', passage: 'p' }], createdAt: new Date().toISOString() }],
      lastAnswer: { text: 'Se [1].', citations: [{ n: 1, documentId: 'd', title: 'Case', passage: 'p' }] },
    });
    const response = await server.api('GET', `/api/escalations/${item.id}`, { bearer: token });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: item.id, transcript: [{ citations: [{ n: 1 }] }], lastAnswer: { text: 'Se [1].' } });
    expect((await server.api('GET', '/api/escalations/nope', { bearer: token })).status).toBe(404);
    expect((await server.api('GET', `/api/escalations/${encodeURIComponent('bad id!')}`, { bearer: token })).status).toBe(404);
  });

  it("should map the service's refusals to HTTP without passing on its message", async () => {
    const other = await server.addAdviser('Anden');
    const claimed = server.escalations.seed({ status: 'claimed', adviserId: other.adviser.id, adviserName: 'Anden' });
    const resolved = server.escalations.seed({ status: 'resolved' });
    const checks: Array<[string, unknown, number, string]> = [
      ['/api/escalations/missing/claim', undefined, 404, 'not_found'],
      [`/api/escalations/${claimed.id}/claim`, undefined, 409, 'already_claimed'],
      [`/api/escalations/${resolved.id}/claim`, undefined, 409, 'closed'],
      [`/api/escalations/${claimed.id}/messages`, { text: 'Hej' }, 403, 'not_yours'],
      [`/api/escalations/${claimed.id}/release`, undefined, 403, 'not_yours'],
      [`/api/escalations/${claimed.id}/resolve`, {}, 403, 'not_yours'],
      [`/api/escalations/${resolved.id}/messages`, { text: 'Hej' }, 409, 'closed'],
    ];
    for (const [path, body, status, code] of checks) {
      const response = await server.api('POST', path, { bearer: token, body });
      expect(response.status, path).toBe(status);
      const { code: actual, message } = await error(response);
      expect(actual, path).toBe(code);
      expect(message).not.toMatch(/internal|fake\.ts/);
    }
  });

  it('should refuse reassigning to an unknown or disabled adviser (400) without calling the service', async () => {
    const item = server.escalations.seed();
    const gone = await server.addAdviser('Væk');
    await server.advisers.disable(gone.adviser.email);
    for (const adviserIdTo of ['nobody', gone.adviser.id]) {
      server.escalations.calls.length = 0;
      const response = await server.api('POST', `/api/escalations/${item.id}/reassign`, { bearer: token, body: { adviserId: adviserIdTo } });
      expect(response.status).toBe(400);
      expect((await error(response)).code).toBe('unknown_adviser');
      expect(server.escalations.calls.map((c) => c.method)).not.toContain('reassign');
    }
  });

  it('should claim, reply (201, trimmed), resolve with note and keep, as the signed-in adviser', async () => {
    const item = server.escalations.seed();
    expect((await server.api('POST', `/api/escalations/${item.id}/claim`, { bearer: token })).status).toBe(200);
    const reply = await server.api('POST', `/api/escalations/${item.id}/messages`, { bearer: token, body: { text: '  Prøv Assens Kommune.  ' } });
    expect(reply.status).toBe(201);
    expect(await reply.json()).toEqual({ messageId: 'msg-1' });
    const resolve = await server.api('POST', `/api/escalations/${item.id}/resolve`, { bearer: token, body: { note: ' Godt svar ', keep: true } });
    expect(resolve.status).toBe(200);
    expect(await resolve.json()).toMatchObject({ id: item.id, status: 'resolved' });
    const calls = server.escalations.calls.filter((c) => c.args[0] === item.id);
    expect(calls.find((c) => c.method === 'reply')?.args[2]).toBe('Prøv Assens Kommune.');
    expect(calls.find((c) => c.method === 'resolve')?.args[2]).toEqual({ note: 'Godt svar', keep: true });
    expect(calls.find((c) => c.method === 'claim')?.args[1]).toEqual({ id: adviserId, name: 'Mette Rådgiver', email: expect.stringMatching(/@kraftcenter\.dk$/) });
  });

  it('should validate bodies: 400 for blank or long replies and wrong types, 415 for non-JSON', async () => {
    const item = server.escalations.seed();
    await server.api('POST', `/api/escalations/${item.id}/claim`, { bearer: token });
    const path = `/api/escalations/${item.id}/messages`;
    for (const body of [{}, { text: '   ' }, { text: 'x'.repeat(4001) }, { text: 42 }, '[]']) {
      const response = await server.api('POST', path, { bearer: token, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    expect((await server.api('POST', `/api/escalations/${item.id}/resolve`, { bearer: token, body: { keep: 'ja' } })).status).toBe(400);
    const text = await server.api('POST', path, { bearer: token, headers: { 'content-type': 'text/plain' }, body: 'Hej' });
    expect(text.status).toBe(415);
    const broken = await server.api('POST', path, { bearer: token, body: '{"text":' });
    expect(broken.status).toBe(400);
  });

  it('should answer 405 for GET on an action and 404 for unknown API paths', async () => {
    const item = server.escalations.seed();
    const get = await server.api('GET', `/api/escalations/${item.id}/claim`, { bearer: token });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await server.api('GET', `/api/escalations/${item.id}/nothing`, { bearer: token })).status).toBe(404);
  });

  it('should answer a failing service with a polite 500 that has no internal details, and log it once', async () => {
    server.escalations.failNext(new Error('connection to db.internal:5432 refused'));
    const response = await server.api('GET', '/api/escalations', { bearer: token });
    expect(response.status).toBe(500);
    const body = JSON.stringify(await response.json());
    expect(body).not.toMatch(/5432|internal:|stack/);
    expect(server.logger.entries.filter((e) => e.level === 'error')).toHaveLength(1);
  });
});
