import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalationChanges, type EscalationChange } from '../../../../adapters/console/index.js';
import { createChangeFeed } from '../../../../bot/store/change-feed.js';
import type { Db } from '../../../../knowledge/db/db.js';
import { testDatabases } from '../../../support/test-databases.js';
import { recordingLogger } from '../web/web-test-server.js';
import { readStream, waitFor } from './sse-reader.js';
import { startConsoleTestServer, type ConsoleTestServer } from './console-test-server.js';
import type { FakeEscalationService } from './fake-escalation-service.js';

/** A conversation with a queued escalation, written straight into the tables. */
async function openEscalation(db: Db): Promise<{ id: string; conversation: string }> {
  const conversation = `web:${randomUUID()}`;
  const id = randomUUID();
  await db.query(`INSERT INTO conversations (id, channel, external_id, user_id) VALUES ($1, 'web', $2, 'anon-x')`, [conversation, conversation.slice(4)]);
  await db.query(
    `INSERT INTO escalations (id, conversation_id, status, trigger, channel, question, summary, due_at)
     VALUES ($1, $2, 'queued', 'user_request', 'web', 'Spørgsmål?', 'Resumé', now() + interval '4 hours')`,
    [id, conversation],
  );
  return { id, conversation };
}

describe('console live updates', () => {
  let db: Db;
  beforeAll(async () => {
    db = await testDatabases[0]!.open();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('should report changed escalations and new messages once each, and nothing that happened before it started', async () => {
    const before = await openEscalation(db);
    const feed = createChangeFeed(db, { intervalMs: 50, logger: recordingLogger() });
    const seen: EscalationChange[] = [];
    const unsubscribe = feed.subscribe((batch) => seen.push(...escalationChanges(batch)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen).toEqual([]);

    const fresh = await openEscalation(db);
    await waitFor(() => seen.some((c) => c.id === fresh.id));
    await db.query(`INSERT INTO messages (id, conversation_id, role, text) VALUES ($1, $2, 'user', 'Hallo?')`, [randomUUID(), before.conversation]);
    await waitFor(() => seen.some((c) => c.id === before.id && c.kind === 'message'));
    await db.query(`UPDATE escalations SET status = 'claimed', updated_at = now() WHERE id = $1`, [before.id]);
    await waitFor(() => seen.some((c) => c.id === before.id && c.kind === 'updated' && c.status === 'claimed'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen.filter((c) => c.id === fresh.id)).toEqual([{ id: fresh.id, status: 'queued', kind: 'updated' }]);
    expect(seen.filter((c) => c.kind === 'message')).toEqual([{ id: before.id, status: 'queued', kind: 'message', role: 'user' }]);
    unsubscribe();
    feed.close();
  });

  it('should stop polling when the last subscriber leaves', async () => {
    let queries = 0;
    const counting = { ...db, query: (async (sql: string, params?: unknown[]) => (queries++, db.query(sql, params))) as Db['query'] };
    const feed = createChangeFeed(counting, { intervalMs: 20, logger: recordingLogger() });
    const unsubscribe = feed.subscribe(() => undefined);
    await waitFor(() => queries > 4);
    unsubscribe();
    await new Promise((resolve) => setTimeout(resolve, 60));
    const stopped = queries;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(queries).toBe(stopped);
  });

  describe('GET /api/escalations/stream', () => {
    let server: ConsoleTestServer<FakeEscalationService>;
    beforeAll(async () => {
      server = await startConsoleTestServer(db, { pollMs: 50, heartbeatMs: 150 });
    });
    afterAll(async () => {
      await server?.close();
    });

    it('should stream escalation events with heartbeats to a signed-in adviser, and end when the session ends', async () => {
      const { token } = await server.addAdviser();
      const { cookie } = await server.signIn(token);
      const controller = new AbortController();
      const response = await fetch(`${server.baseUrl}/api/escalations/stream`, { headers: { cookie }, signal: controller.signal });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const stream = readStream(response);
      const { events, comments } = stream;
      await waitFor(() => events.some((e) => e.event === 'ready'));
      await new Promise((resolve) => setTimeout(resolve, 150));
      const { id } = await openEscalation(db);
      await waitFor(() => events.some((e) => e.event === 'escalation' && (e.data as EscalationChange).id === id));
      await waitFor(() => comments.includes(': heartbeat'));

      expect(stream.ended).toBe(false);
      // Signed out elsewhere: the next heartbeat's session check ends the stream.
      await server.advisers.closeSession(decodeURIComponent(cookie.split('=')[1]!));
      await waitFor(() => stream.ended);
      controller.abort();
    });

    it('should work with a bearer token (scripts) and refuse a missing one', async () => {
      const { token } = await server.addAdviser();
      const controller = new AbortController();
      const response = await fetch(`${server.baseUrl}/api/escalations/stream`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
      expect(response.status).toBe(200);
      controller.abort();
      expect((await fetch(`${server.baseUrl}/api/escalations/stream`)).status).toBe(401);
    });
  });
});
