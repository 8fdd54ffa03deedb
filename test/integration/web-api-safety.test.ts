/**
 * Issue 10 ("Safe to deploy"): the web API against the real engine and a real database. A conversation belongs to
 * the browser that started it; an escalation needs a conversation with a question; limits per client address hold
 * in the database; characters Postgres cannot store are a 400 naming the field.
 */
import { gzipSync } from 'node:zlib';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebApp, type WebAppOptions } from '../../adapters/web/index.js';
import { createEngine } from '../../bot/index.js';
import { upsertConversation } from '../../bot/store/conversation-store.js';
import { LOCAL_EMBEDDING_DIMENSIONS } from '../../config/env.js';
import { silentLogger } from '../../config/logger.js';
import { createLocalEmbedder, type Db } from '../../knowledge/index.js';
import { knowledgeOn } from '../support/engine-harness.js';
import { testDatabases } from '../support/test-databases.js';

interface ApiError {
  error: { code: string; message: string; field?: string };
}

describe.each(testDatabases)('web API safety ($name)', (target) => {
  let db: Db;
  let baseUrl: string;

  async function start(options: Partial<WebAppOptions> & { db?: Db } = {}): Promise<{ url: string; close: () => Promise<void> }> {
    const on = options.db ?? db;
    const engine = createEngine({ knowledge: knowledgeOn(on, createLocalEmbedder({ dimensions: LOCAL_EMBEDDING_DIMENSIONS })), logger: silentLogger, rateLimitPerMinute: 1_000 });
    const listening: Server = await new Promise((resolve) => {
      const s = createWebApp({ engine, ...options, db: on }).listen(0, '127.0.0.1', () => resolve(s));
    });
    return {
      url: `http://127.0.0.1:${(listening.address() as AddressInfo).port}`,
      close: () => new Promise<void>((resolve) => {
        listening.closeAllConnections();
        listening.close(() => resolve());
      }),
    };
  }

  let closeServer: () => Promise<void>;
  beforeAll(async () => {
    db = await target.open();
    const started = await start();
    baseUrl = started.url;
    closeServer = started.close;
  }, 60_000);
  afterAll(async () => {
    await closeServer?.();
    await db?.close();
  });

  const browser = () => `kc_uid=${randomUUID()}`;
  const post = (path: string, body: unknown, cookie?: string, headers: Record<string, string> = {}, url = baseUrl) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...headers },
      body: typeof body === 'string' || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body),
    });
  const count = async (sql: string, params: unknown[]) => Number((await db.query<{ n: number }>(sql, params)).rows[0]!.n);

  describe('a conversation belongs to the browser that started it', () => {
    it("should answer 403 to another browser posting with the conversation's id, and leave the owner's thread alone", async () => {
      const owner = browser();
      const intruder = browser();
      const conversationId = randomUUID();
      expect((await post('/api/chat', { conversationId, text: 'Hvem har arbejdet med hverdagsrehabilitering?' }, owner)).status).toBe(200);

      const refused = await post('/api/chat', { conversationId, text: 'hvem kan jeg kontakte?' }, intruder);
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as ApiError).error).toMatchObject({ code: 'forbidden', field: 'conversationId' });

      const key = `web:${conversationId}`;
      const row = (await db.query<{ user_id: string; owner_id: string }>('SELECT user_id, owner_id FROM conversations WHERE id = $1', [key])).rows[0]!;
      const ownerId = `anon-${owner.slice('kc_uid='.length)}`;
      expect(row).toEqual({ user_id: ownerId, owner_id: ownerId });
      expect(await count("SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1 AND role = 'user'", [key])).toBe(1);

      // The owner still gets the event stream and can go on.
      const controller = new AbortController();
      const stream = await fetch(`${baseUrl}/api/conversations/${conversationId}/events`, { headers: { cookie: owner }, signal: controller.signal });
      expect(stream.status).toBe(200);
      controller.abort();
      expect((await post('/api/chat', { conversationId, text: 'Tak' }, owner)).status).toBe(200);
    });

    it('should ignore a user id in the body: naming the owner does not open their conversation', async () => {
      const owner = browser();
      const conversationId = randomUUID();
      await post('/api/chat', { conversationId, text: 'Hej' }, owner);
      const ownerId = `anon-${owner.slice('kc_uid='.length)}`;
      const impersonation = await post('/api/chat', { conversationId, text: 'Hej igen', user: { id: ownerId } }, browser());
      expect(impersonation.status).toBe(403);
    });

    it("should refuse an adviser request for another browser's conversation (403) and queue nothing", async () => {
      const owner = browser();
      const conversationId = randomUUID();
      await post('/api/chat', { conversationId, text: 'Hvordan kommer vi i gang med design thinking?' }, owner);
      const refused = await post('/api/adviser', { conversationId }, browser());
      expect(refused.status).toBe(403);
      expect(await count('SELECT count(*)::int AS n FROM escalations WHERE conversation_id = $1', [`web:${conversationId}`])).toBe(0);
      expect((await post('/api/adviser', { conversationId }, owner)).status).toBe(200);
      expect(await count('SELECT count(*)::int AS n FROM escalations WHERE conversation_id = $1', [`web:${conversationId}`])).toBe(1);
    });
  });

  describe('platform conversations stay shared', () => {
    it('should answer two Slack users in one thread, with no owner recorded', async () => {
      const engine = createEngine({ knowledge: knowledgeOn(db, createLocalEmbedder({ dimensions: LOCAL_EMBEDDING_DIMENSIONS })), logger: silentLogger, rateLimitPerMinute: 1_000 });
      const thread = { channel: 'slack', conversationId: 'C123', threadId: `${Date.now()}.000100` };
      await engine.handleMessage({ ...thread, user: { id: 'U1', audience: 'public' }, text: 'Hvem har arbejdet med hverdagsrehabilitering?' });
      await engine.handleMessage({ ...thread, user: { id: 'U2', audience: 'public' }, text: 'Og hvem kan jeg kontakte?' });
      const authors = await db.query<{ author_id: string }>("SELECT author_id FROM messages WHERE conversation_id = $1 AND role = 'user' ORDER BY created_at", [`slack:C123:${thread.threadId}`]);
      expect(authors.rows.map((row) => row.author_id)).toEqual(['U1', 'U2']);
      const row = (await db.query<{ owner_id: string | null }>('SELECT owner_id FROM conversations WHERE id = $1', [`slack:C123:${thread.threadId}`])).rows[0];
      expect(row).toEqual({ owner_id: null });
    });

    it('should drop a NUL character that reaches the engine from another channel instead of failing as if the database were down', async () => {
      const engine = createEngine({ knowledge: knowledgeOn(db, createLocalEmbedder({ dimensions: LOCAL_EMBEDDING_DIMENSIONS })), logger: silentLogger, rateLimitPerMinute: 1_000 });
      const reply = await engine.handleMessage({ channel: 'teams', conversationId: randomUUID(), user: { id: 'T1', audience: 'public' }, text: 'Hej\u0000 \ud800' });
      expect(reply.text).not.toMatch(/biblioteket lige nu/);
      expect(reply.intent).toBe('greeting');
    });
  });

  describe('an escalation needs a conversation with a question', () => {
    it('should answer 404 and queue nothing for cookie-less adviser requests on conversations that never existed', async () => {
      const before = await count('SELECT count(*)::int AS n FROM escalations', []);
      const outboxBefore = await count('SELECT count(*)::int AS n FROM outbox', []);
      for (let i = 0; i < 5; i++) {
        const response = await post('/api/adviser', { conversationId: randomUUID() });
        expect(response.status).toBe(404);
        expect(((await response.json()) as ApiError).error.message).toMatch(/Samtalen findes ikke/);
      }
      expect(await count('SELECT count(*)::int AS n FROM escalations', [])).toBe(before);
      expect(await count('SELECT count(*)::int AS n FROM outbox', [])).toBe(outboxBefore);
    });

    it('should answer 409 when the conversation has no message from the user yet', async () => {
      const owner = browser();
      const conversationId = randomUUID();
      const userId = `anon-${owner.slice('kc_uid='.length)}`;
      await upsertConversation(db, { channel: 'web', conversationId, threadId: '', user: { id: userId, audience: 'public', anonymous: true } }, 'da');
      const response = await post('/api/adviser', { conversationId }, owner);
      expect(response.status).toBe(409);
      expect(await count('SELECT count(*)::int AS n FROM escalations WHERE conversation_id = $1', [`web:${conversationId}`])).toBe(0);
    });
  });

  describe('rate limits per client address', () => {
    // A database of its own: the counts of the other tests' requests from 127.0.0.1 must not be in the window.
    let own: Db;
    beforeAll(async () => {
      own = await target.open();
    });
    afterAll(async () => {
      await own?.close();
    });
    it('should answer 429 with Retry-After once an address passes its chat limit, even with a new cookie each time', async () => {
      const limited = await start({ db: own, rateLimits: { chat: { perAddress: 3, perUser: Number.POSITIVE_INFINITY, windowSeconds: 3600 } } });
      try {
        const statuses: number[] = [];
        let retryAfter: string | null = null;
        for (let i = 0; i < 5; i++) {
          const response = await post('/api/chat', { text: 'Hej' }, undefined, {}, limited.url);
          statuses.push(response.status);
          if (response.status === 429) retryAfter = response.headers.get('retry-after');
        }
        expect(statuses).toEqual([200, 200, 200, 429, 429]);
        expect(Number(retryAfter)).toBeGreaterThan(0);
        // Counted in the database, so every instance sharing it sees the same count.
        const rows = await own.query<{ count: number }>("SELECT count FROM rate_limits WHERE user_key = 'address:web-chat:127.0.0.1'");
        expect(rows.rows.map((row) => Number(row.count))).toEqual([5]);
      } finally {
        await limited.close();
      }
    });

    it('should limit adviser requests per address and per browser', async () => {
      const limited = await start({ db: own, rateLimits: { adviser: { perAddress: 100, perUser: 2, windowSeconds: 3600 } } });
      try {
        const cookie = browser();
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++) statuses.push((await post('/api/adviser', { conversationId: randomUUID() }, cookie, {}, limited.url)).status);
        expect(statuses).toEqual([404, 404, 429]);
      } finally {
        await limited.close();
      }
    });
  });

  describe('bad input is a 4xx', () => {
    it.each([
      ['a NUL character in the chat text', '/api/chat', { text: 'Hej\u0000' }, 'text'],
      ['a lone surrogate in the chat text', '/api/chat', { text: 'Hej \ud800' }, 'text'],
      ['a NUL character in the conversation id', '/api/chat', { conversationId: 'a\u0000b', text: 'Hej' }, 'conversationId'],
      ['a NUL character in replyId', '/api/feedback', { replyId: 'x\u0000', value: 'up' }, 'replyId'],
      ['a lone low surrogate in a feedback comment', '/api/feedback', { replyId: 'x', value: 'down', comment: '\udc00' }, 'comment'],
      ['a NUL character in the adviser request', '/api/adviser', { conversationId: '\u0000' }, 'conversationId'],
    ])('should answer 400 naming the field for %s', async (_label, path, body, field) => {
      const response = await post(path, body, browser());
      expect(response.status).toBe(400);
      expect(((await response.json()) as ApiError).error).toMatchObject({ code: 'bad_request', field });
    });

    it('should answer 400 for a bad %-escape in the event stream path and for a body that is not the gzip it claims', async () => {
      expect((await fetch(`${baseUrl}/api/conversations/%ZZ/events`, { headers: { cookie: browser() } })).status).toBe(400);
      const garbage = await post('/api/chat', 'garbage', browser(), { 'content-encoding': 'gzip' });
      expect(garbage.status).toBe(400);
      expect(((await garbage.json()) as ApiError).error.code).toBe('bad_request');
      const good = await post('/api/chat', gzipSync(JSON.stringify({ text: 'Hej' })), browser(), { 'content-encoding': 'gzip' });
      expect(good.status).toBe(200);
    });
  });
});
