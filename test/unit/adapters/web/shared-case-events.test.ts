/**
 * The conversation events route for a page that follows a case the user shared: `since` and `after` (a new
 * EventSource cannot send Last-Event-ID) say where to start, so what an adviser wrote while the page was closed is
 * replayed and nothing older; `cases=1` reports which of the conversation's shared cases still wait, after the replay
 * and after each later message. Still only for the browser whose kc_uid cookie owns the conversation.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWebApp } from '../../../../adapters/web/index.js';
import { createChangeFeed, type ChangeFeed } from '../../../../bot/store/change-feed.js';
import type { Db } from '../../../../knowledge/db/db.js';
import { createFakeEngine } from '../../../fakes/fake-engine.js';
import { testDatabases } from '../../../support/test-databases.js';
import { readStream, waitFor, type StreamLog } from '../console/sse-reader.js';
import { recordingLogger } from './web-test-server.js';

const AN_HOUR = 3_600_000;

describe.each(testDatabases)('shared-case events on $name', ({ open }) => {
  let db: Db;
  let feed: ChangeFeed;
  let server: Server;
  let baseUrl: string;
  const aborts: AbortController[] = [];

  beforeAll(async () => {
    db = await open();
    const logger = recordingLogger();
    // No timer polls: each poll is a pollNow() in the test.
    feed = createChangeFeed(db, { intervalMs: AN_HOUR, logger });
    const app = createWebApp({ engine: createFakeEngine(), logger, db, changes: feed, eventHeartbeatMs: AN_HOUR });
    server = await new Promise((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    for (const controller of aborts.splice(0)) controller.abort();
  });
  afterAll(async () => {
    feed?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await db?.close();
  });

  /** A web conversation of browser `uid` with a shared case (status `status`) sent from it. */
  async function conversationWithCase(uid: string, status = 'new'): Promise<{ conversationId: string; key: string; reference: string }> {
    const conversationId = randomUUID();
    const key = `web:${conversationId}`;
    const reference = `KC-2026-${String(Math.floor(Math.random() * 9000) + 1000)}-${randomUUID().slice(0, 4)}`;
    await db.query(`INSERT INTO conversations (id, channel, external_id, user_id, owner_id) VALUES ($1, 'web', $2, $3, $3)`, [key, conversationId, `anon-${uid}`]);
    await db.query(
      `INSERT INTO case_submissions (id, reference, source, status, front_matter, body, channel, submitter_id, conversation_key)
       VALUES ($1, $2, 'submission', $3, '{"title":"Droner"}', 'Tekst', 'web', $4, $5)`,
      [randomUUID(), reference, status, `anon-${uid}`, key],
    );
    return { conversationId, key, reference };
  }

  async function message(key: string, text: string, at: string, role = 'adviser'): Promise<string> {
    const id = randomUUID();
    await db.query(`INSERT INTO messages (id, conversation_id, role, text, author_name, created_at) VALUES ($1, $2, $3, $4, 'Rasmus Redaktør', $5)`, [
      id, key, role, text, at,
    ]);
    return id;
  }

  const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

  async function openStream(conversationId: string, query: string, uid: string, headers: Record<string, string> = {}): Promise<StreamLog> {
    const controller = new AbortController();
    aborts.push(controller);
    const response = await fetch(`${baseUrl}/api/conversations/${conversationId}/events${query}`, { headers: { cookie: `kc_uid=${uid}`, ...headers }, signal: controller.signal });
    expect(response.status).toBe(200);
    return readStream(response);
  }

  const texts = (stream: StreamLog) => stream.events.filter((e) => e.event === 'message').map((e) => (e.data as { text: string }).text);
  const cases = (stream: StreamLog) => stream.events.filter((e) => e.event === 'cases').map((e) => e.data);

  it('should replay what came since the case was sent, nothing older, then say which cases still wait', async () => {
    const uid = randomUUID();
    const { conversationId, key, reference } = await conversationWithCase(uid, 'asked');
    await message(key, 'En gammel besked', ago(30));
    await message(key, 'Spørgsmål om KC: hvor mange droner?', ago(5));
    await message(key, 'Brugerens eget', ago(4), 'user');

    const stream = await openStream(conversationId, `?cases=1&since=${encodeURIComponent(ago(10))}`, uid);
    await waitFor(() => cases(stream).length > 0);
    expect(texts(stream)).toEqual(['Spørgsmål om KC: hvor mange droner?']);
    // The cases' state comes after the replay, so a page does not stop before it has shown the final notice.
    expect(stream.events.map((e) => e.event)).toEqual(['message', 'cases']);
    expect(cases(stream)).toEqual([{ waiting: [reference] }]);
  });

  it('should report no case waiting once the notice that ends it arrives, live', async () => {
    const uid = randomUUID();
    const { conversationId, key, reference } = await conversationWithCase(uid);
    const stream = await openStream(conversationId, `?cases=1&since=${encodeURIComponent(new Date().toISOString())}`, uid);
    await waitFor(() => cases(stream).length === 1);
    expect(cases(stream)).toEqual([{ waiting: [reference] }]);
    await feed.ready();

    // As the SubmissionService publishes: the status and the notice in one transaction.
    await db.transaction(async (tx) => {
      await tx.query(`UPDATE case_submissions SET status = 'published' WHERE reference = $1`, [reference]);
      await tx.query(`INSERT INTO messages (id, conversation_id, role, text, author_name) VALUES ($1, $2, 'adviser', 'Jeres erfaring er nu lagt i biblioteket: https://chat.example/', 'Rasmus')`, [randomUUID(), key]);
    });
    await feed.pollNow();
    await waitFor(() => cases(stream).length === 2);
    expect(texts(stream)).toEqual(['Jeres erfaring er nu lagt i biblioteket: https://chat.example/']);
    expect(cases(stream)[1]).toEqual({ waiting: [] });
    expect(stream.events.map((e) => e.event)).toEqual(['cases', 'message', 'cases']);
  });

  it('should start after the last message the page showed (after=), or after the browser\'s own Last-Event-ID', async () => {
    const uid = randomUUID();
    const { conversationId, key } = await conversationWithCase(uid, 'asked');
    const first = await message(key, 'Første', ago(6));
    const second = await message(key, 'Anden', ago(5));
    await message(key, 'Tredje', ago(4));
    const since = encodeURIComponent(ago(10));

    const fromPage = await openStream(conversationId, `?cases=1&since=${since}&after=${first}`, uid);
    await waitFor(() => cases(fromPage).length > 0);
    expect(texts(fromPage)).toEqual(['Anden', 'Tredje']);

    const reconnected = await openStream(conversationId, `?cases=1&since=${since}&after=${first}`, uid, { 'last-event-id': second });
    await waitFor(() => cases(reconnected).length > 0);
    expect(texts(reconnected)).toEqual(['Tredje']);

    // A cursor that is not (or no longer) in this conversation falls back on `since`.
    const unknown = await openStream(conversationId, `?cases=1&since=${since}&after=${randomUUID()}`, uid);
    await waitFor(() => cases(unknown).length > 0);
    expect(texts(unknown)).toEqual(['Første', 'Anden', 'Tredje']);
  });

  it('should treat a time in the future as now, and send no cases without cases=1', async () => {
    const uid = randomUUID();
    const { conversationId, key } = await conversationWithCase(uid);
    await message(key, 'Før', ago(1));
    const future = encodeURIComponent(new Date(Date.now() + 24 * AN_HOUR).toISOString());
    const stream = await openStream(conversationId, `?since=${future}`, uid);
    await feed.ready();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await message(key, 'Efter', new Date().toISOString());
    await feed.pollNow();
    await waitFor(() => texts(stream).length > 0);
    expect(texts(stream)).toEqual(['Efter']);
    expect(cases(stream)).toEqual([]);
  });

  it("should refuse a bad time, and another browser's cookie whatever the query says", async () => {
    const uid = randomUUID();
    const { conversationId } = await conversationWithCase(uid);
    const get = (query: string, cookieUid: string) =>
      fetch(`${baseUrl}/api/conversations/${conversationId}/events${query}`, { headers: { cookie: `kc_uid=${cookieUid}` } });
    const bad = await get('?cases=1&since=yesterday', uid);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field?: string } }).error.field).toBe('since');
    expect((await get(`?cases=1&since=${encodeURIComponent(ago(60))}`, randomUUID())).status).toBe(403);
    expect((await get(`?cases=1&since=${encodeURIComponent(ago(60))}`, 'not-a-uuid')).status).toBe(403);
    expect((await get('?cases=1', uid).then((r) => r.status === 200 && (r.body?.cancel(), true)))).toBe(true);
  });

  it('should answer 204 (nothing to follow) for a conversation that was never stored, and still 404 without cases=1', async () => {
    const missing = randomUUID();
    const get = (query: string) => fetch(`${baseUrl}/api/conversations/${missing}/events${query}`, { headers: { cookie: `kc_uid=${randomUUID()}` } });
    expect((await get('?cases=1')).status).toBe(204);
    expect((await get('')).status).toBe(404);
  });
});
