/**
 * Issue 10 ("Safe to deploy"), the advisers' side: repeated wrong tokens from one address are throttled (429 with
 * Retry-After, counted in the database), and characters Postgres cannot store are a 400 naming the field.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../../knowledge/db/db.js';
import { testDatabases } from '../../../support/test-databases.js';
import { startConsoleTestServer, type ConsoleTestServer } from './console-test-server.js';
import type { FakeEscalationService } from './fake-escalation-service.js';

describe.each(testDatabases)('advisers console under attack ($name)', (target) => {
  let db: Db;
  let server: ConsoleTestServer<FakeEscalationService>;

  beforeAll(async () => {
    db = await target.open();
    server = await startConsoleTestServer(db);
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it.each([
    ['a NUL character in the reply text', 'messages', { text: 'Hej\u0000' }, 'text'],
    ['a lone surrogate in the reply text', 'messages', { text: 'Hej \ud83d' }, 'text'],
    ['a NUL character in the adviser id', 'reassign', { adviserId: 'a\u0000' }, 'adviserId'],
    ['a NUL character in the note', 'resolve', { note: '\u0000' }, 'note'],
  ])('should answer 400 naming the field for %s', async (_label, action, body, field) => {
    const { token } = await server.advisers.add({ name: 'Bearer Rådgiver', email: `bearer-${action}-${field}-${Date.now()}@kraftcenter.dk` });
    const { id } = server.escalations.seed();
    const response = await server.api('POST', `/api/escalations/${id}/${action}`, { bearer: token, body });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string; field?: string } }).error).toMatchObject({ code: 'bad_request', field });
  });
});

describe.each(testDatabases)('advisers sign-in throttle ($name)', (target) => {
  let db: Db;
  let server: ConsoleTestServer<FakeEscalationService>;

  // A fresh database per test: the throttle counts per address, and every test comes from 127.0.0.1.
  beforeEach(async () => {
    db = await target.open();
    server = await startConsoleTestServer(db, { signInThrottle: { maxFailures: 3, windowSeconds: 3600 } });
  });
  afterEach(async () => {
    await server?.close();
    await db?.close();
  });

  const signIn = (token: string) =>
    fetch(`${server.baseUrl}/advisers/session`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    });

  it('should answer 429 with Retry-After after repeated wrong tokens from one address, even for a right token', async () => {
    const { token } = await server.addAdviser('Throttle Rådgiver');
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await signIn(`kca_${'x'.repeat(43)}`)).status);
    expect(statuses).toEqual([401, 401, 401]);

    const blocked = await signIn(token);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await blocked.text()).toMatch(/For mange forkerte forsøg/);
    expect(blocked.headers.get('set-cookie')).toBeNull();
  });

  it('should count wrong bearer tokens too, and then refuse even a right one with 429 JSON', async () => {
    const { token } = await server.addAdviser('Script Rådgiver');
    expect((await server.api('GET', '/api/escalations', { bearer: token })).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await server.api('GET', '/api/escalations', { bearer: `kca_${'y'.repeat(43)}` })).status);
    expect(statuses).toEqual([401, 401, 401]);
    const blocked = await server.api('GET', '/api/escalations', { bearer: token });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect((await signIn(token)).status).toBe(429);
  });
});
