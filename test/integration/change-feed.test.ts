/**
 * One change feed per process: the web chat's hand-off streams and the advisers' console stream all take their
 * changes from one poller, which reads the database (so changes written by another instance show up too).
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleApp, type EscalationChange } from '../../adapters/console/index.js';
import { createWebApp } from '../../adapters/web/index.js';
import { createAdviserStore } from '../../bot/advisers/index.js';
import { changeFeedFor, createChangeFeed, type ChangeFeed } from '../../bot/store/change-feed.js';
import type { Db } from '../../knowledge/db/db.js';
import { createFakeEngine } from '../fakes/fake-engine.js';
import { testDatabases } from '../support/test-databases.js';
import { createFakeEscalationService } from '../unit/adapters/console/fake-escalation-service.js';
import { readStream, waitFor, type StreamLog } from '../unit/adapters/console/sse-reader.js';
import { recordingLogger } from '../unit/adapters/web/web-test-server.js';

const AN_HOUR = 3_600_000;

/** A web conversation owned by browser `uid`, with a queued escalation, written straight into the tables. */
async function conversationWithEscalation(db: Db, uid: string): Promise<{ conversationId: string; key: string; escalationId: string }> {
  const conversationId = randomUUID();
  const key = `web:${conversationId}`;
  const escalationId = randomUUID();
  await db.query(`INSERT INTO conversations (id, channel, external_id, user_id, owner_id) VALUES ($1, 'web', $2, $3, $3)`, [key, conversationId, `anon-${uid}`]);
  await db.query(
    `INSERT INTO escalations (id, conversation_id, status, trigger, channel, question, summary, due_at)
     VALUES ($1, $2, 'queued', 'user_request', 'web', 'Spørgsmål?', 'Resumé', now() + interval '4 hours')`,
    [escalationId, key],
  );
  return { conversationId, key, escalationId };
}

describe.each(testDatabases)('change feed on $name', ({ open }) => {
  let db: Db;
  let queries: string[];
  let counting: Db;
  beforeAll(async () => {
    db = await open();
    queries = [];
    // Every statement the server runs, so a test can count what one poll costs.
    counting = Object.assign(Object.create(db) as Db, {
      query: (async (sql: string, params?: unknown[]) => (queries.push(sql), db.query(sql, params))) as Db['query'],
    });
  });
  afterAll(async () => {
    await db?.close();
  });

  describe('with a web app and a console on one feed', () => {
    let feed: ChangeFeed;
    let server: Server;
    let baseUrl: string;
    const aborts: AbortController[] = [];
    beforeAll(async () => {
      const logger = recordingLogger();
      // No timer polls during the test: each poll is one pollNow(), so the test counts exactly.
      feed = createChangeFeed(counting, { intervalMs: AN_HOUR, logger });
      const app = express();
      const advisers = createAdviserStore(counting);
      app.use(createConsoleApp({ escalations: createFakeEscalationService(), advisers, db: counting, logger, changes: feed, heartbeatMs: AN_HOUR }));
      app.use(createWebApp({ engine: createFakeEngine(), logger, db: counting, changes: feed, eventHeartbeatMs: AN_HOUR }));
      server = await new Promise((resolve) => {
        const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
      });
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterEach(() => {
      for (const controller of aborts.splice(0)) controller.abort();
    });
    afterAll(async () => {
      feed.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    const openStream = async (path: string, headers: Record<string, string>): Promise<StreamLog> => {
      const controller = new AbortController();
      aborts.push(controller);
      const response = await fetch(`${baseUrl}${path}`, { headers, signal: controller.signal });
      expect(response.status).toBe(200);
      return readStream(response);
    };

    it('should serve N open streams (web chats and consoles) with one poll of two queries, not one poll per stream', async () => {
      const uid = randomUUID();
      const conversations = await Promise.all(Array.from({ length: 6 }, () => conversationWithEscalation(db, uid)));
      const webStreams = await Promise.all(
        conversations.map(({ conversationId }) => openStream(`/api/conversations/${conversationId}/events`, { cookie: `kc_uid=${uid}` })),
      );
      const { token } = await createAdviserStore(db).add({ name: 'Anna Rådgiver', email: `anna-${randomUUID()}@kraftcenter.dk` });
      const consoleStreams = await Promise.all([1, 2].map(() => openStream('/api/escalations/stream', { authorization: `Bearer ${token}` })));
      // Each web stream first reports where its escalation stands; each console stream says it is ready.
      await waitFor(() => webStreams.every((stream) => stream.events.some((e) => e.event === 'escalation')));
      await waitFor(() => consoleStreams.every((stream) => stream.events.some((e) => e.event === 'ready')));
      await feed.ready();

      // Written straight into the database, as another instance behind the load balancer would.
      for (const { key } of conversations) {
        await db.query(`INSERT INTO messages (id, conversation_id, role, text, author_name) VALUES ($1, $2, 'adviser', 'Hej fra Anna', 'Anna Rådgiver')`, [randomUUID(), key]);
      }
      queries.length = 0;
      await feed.pollNow();
      expect(queries).toHaveLength(2);

      await waitFor(() => webStreams.every((stream) => stream.events.some((e) => e.event === 'message' && (e.data as { text: string }).text === 'Hej fra Anna')));
      const messageChanges = (stream: StreamLog) =>
        stream.events.filter((e) => e.event === 'escalation' && (e.data as EscalationChange).kind === 'message').map((e) => (e.data as EscalationChange).id);
      await waitFor(() => consoleStreams.every((stream) => messageChanges(stream).length === conversations.length));
      expect(new Set(messageChanges(consoleStreams[0]!))).toEqual(new Set(conversations.map((c) => c.escalationId)));
      // Delivering to eight streams ran no query of its own.
      expect(queries).toHaveLength(2);
    });

    it("should give each web stream its own conversation's changes only, the closing line before the end of the hand-off", async () => {
      const uid = randomUUID();
      const [mine, other] = await Promise.all([conversationWithEscalation(db, uid), conversationWithEscalation(db, uid)]);
      const stream = await openStream(`/api/conversations/${mine!.conversationId}/events`, { cookie: `kc_uid=${uid}` });
      await waitFor(() => stream.events.some((e) => e.event === 'escalation'));
      await feed.ready();

      await db.query(`INSERT INTO messages (id, conversation_id, role, text) VALUES ($1, $2, 'adviser', 'Til den anden')`, [randomUUID(), other!.key]);
      await db.query(`INSERT INTO messages (id, conversation_id, role, text, intent) VALUES ($1, $2, 'system', 'Sendt til Anna.', 'handoff_ack')`, [randomUUID(), mine!.key]);
      await db.query(`UPDATE escalations SET status = 'resolved', updated_at = now() WHERE id = $1`, [mine!.escalationId]);
      await db.query(`INSERT INTO messages (id, conversation_id, role, text) VALUES ($1, $2, 'system', 'Rådgiveren har afsluttet samtalen.')`, [randomUUID(), mine!.key]);
      await feed.pollNow();

      await waitFor(() => stream.events.some((e) => e.event === 'escalation' && (e.data as { status: string }).status === 'resolved'));
      const summary = stream.events.map((e) => (e.event === 'escalation' ? `escalation:${(e.data as { status: string }).status}` : `message:${(e.data as { text: string }).text}`));
      expect(summary).toEqual(['escalation:queued', 'message:Rådgiveren har afsluttet samtalen.', 'escalation:resolved']);
    });
  });

  it('should share one feed per database in a process, and poll only while someone listens', async () => {
    const logger = recordingLogger();
    expect(changeFeedFor(counting, { logger })).toBe(changeFeedFor(counting, { logger }));
    const feed = createChangeFeed(counting, { intervalMs: AN_HOUR, logger });
    queries.length = 0;
    await feed.pollNow();
    expect(queries).toEqual([]);
    const unsubscribe = feed.subscribe(() => undefined);
    await feed.ready();
    unsubscribe();
    const afterLeaving = queries.length;
    await feed.pollNow();
    expect(queries).toHaveLength(afterLeaving);
  });
});
