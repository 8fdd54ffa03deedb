/**
 * `POST /api/chat` with `Accept: text/event-stream` against the real express app and a fake engine that streams:
 * the SSE wire format and order, the same checks as the JSON path before anything is sent (validation, rate limit,
 * the answers-in-progress cap, the cookie identity, another browser's conversation), the `error` event after the
 * headers, and a client that goes away.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { StreamOptions } from '../../../../bot/engine-port.js';
import type { BotReply } from '../../../../bot/messages.js';
import { ConversationAccessError } from '../../../../bot/store/conversation-access-error.js';
import { INTERNAL_ERROR_MESSAGE } from '../../../../adapters/web/http-errors.js';
import { createFakeEngine } from '../../../fakes/fake-engine.js';
import { eventsOf, readEventStream } from './sse-reader.js';
import { startWebTestServer, type WebTestServer } from './web-test-server.js';

const SSE = { accept: 'text/event-stream' };
const QUESTION = { conversationId: 'conv-1', text: 'Hvem har prøvet velfærdsteknologi?' };

describe('POST /api/chat as server-sent events', () => {
  let server: WebTestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('should stream status events, text deltas and then the reply (the JSON path body) and end', async () => {
    server = await startWebTestServer();
    const response = await server.post('/api/chat', QUESTION, SSE);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('set-cookie')).toMatch(/^kc_uid=[0-9a-f-]{36};.*HttpOnly/i);
    const events = await readEventStream(response);

    const names = events.map((event) => event.event);
    expect(names.slice(0, 2)).toEqual(['status', 'status']);
    expect(names.slice(2, -1).every((name) => name === 'text')).toBe(true);
    expect(names.filter((name) => name === 'text').length).toBeGreaterThan(3);
    expect(names.at(-1)).toBe('reply');
    expect(events[0]!.data).toEqual({ stage: 'searching', text: 'Søger i biblioteket …' });
    expect(events[1]!.data).toEqual({ stage: 'writing', text: 'Skriver svaret …' });
    const reply = events.at(-1)!.data as BotReply;
    expect(events.filter((event) => event.event === 'text').map((event) => event.data.delta).join('')).toBe(reply.text);
    expect(reply).toEqual(JSON.parse(JSON.stringify(server.engine.replies.get(reply.replyId))));
    expect(server.engine.streamed[0]).toMatchObject({ channel: 'web', conversationId: 'conv-1', user: { audience: 'public', anonymous: true } });
  });

  it('should give the reply event the same body the JSON path returns for the same answer', async () => {
    server = await startWebTestServer();
    const json = (await (await server.post('/api/chat', QUESTION)).json()) as BotReply;
    const streamed = (await readEventStream(await server.post('/api/chat', QUESTION, SSE))).at(-1)!.data as BotReply;
    expect({ ...streamed, replyId: '' }).toEqual({ ...json, replyId: '' });
  });

  it('should answer JSON to a client that does not ask for the event stream', async () => {
    server = await startWebTestServer();
    const response = await server.post('/api/chat', QUESTION, { accept: 'application/json, */*' });
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(server.engine.streamed).toEqual([]);
  });

  it('should use the kc_uid cookie as the identity, never the body, as on the JSON path', async () => {
    server = await startWebTestServer();
    const uid = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const response = await server.post('/api/chat', { ...QUESTION, user: { id: 'u-42', displayName: 'Mette' } }, { ...SSE, cookie: `kc_uid=${uid}` });
    await readEventStream(response);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(server.engine.streamed[0]!.user).toEqual({ id: `anon-${uid}`, displayName: 'Mette', audience: 'public', anonymous: true });
  });

  it('should refuse an invalid body with the JSON 400 before streaming', async () => {
    server = await startWebTestServer();
    const response = await server.post('/api/chat', { conversationId: 'c', text: ' ' }, SSE);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(await response.json()).toMatchObject({ error: { code: 'bad_request', field: 'text' } });
    expect(server.engine.streamed).toEqual([]);
  });

  it('should refuse past the per-address limit with the JSON 429 and Retry-After', async () => {
    server = await startWebTestServer({ rateLimits: { chat: { perAddress: 1, perUser: Number.POSITIVE_INFINITY, windowSeconds: 60 } } });
    await readEventStream(await server.post('/api/chat', QUESTION, SSE));
    const refused = await server.post('/api/chat', QUESTION, SSE);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited' } });
  });

  it('should hold a slot of the answers-in-progress cap while streaming: a second question gets the JSON 503 until the first ends', async () => {
    const engine = createFakeEngine();
    engine.setStreaming({ delayMs: 20 });
    server = await startWebTestServer({ engine, maxAnswersInProgress: 1 });
    const first = await server.post('/api/chat', QUESTION, SSE);
    const events = eventsOf(first);
    expect((await events.next()).value).toMatchObject({ event: 'status' });

    const busy = await server.post('/api/chat', QUESTION, SSE);
    expect(busy.status).toBe(503);
    expect(Number(busy.headers.get('retry-after'))).toBeGreaterThanOrEqual(3);
    expect(await busy.json()).toMatchObject({ error: { code: 'unavailable' } });

    for await (const event of events) if (event.event === 'reply') break;
    await expect.poll(async () => (await server!.post('/api/chat', QUESTION, SSE)).status).toBe(200);
  });

  it("should answer another browser's conversation with the JSON 403, as the engine refuses it before any event", async () => {
    const engine = createFakeEngine();
    engine.streamMessage = async function* () {
      throw new ConversationAccessError('conversation.not_yours', 'web:conv-1');
    };
    server = await startWebTestServer({ engine });
    const response = await server.post('/api/chat', QUESTION, SSE);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'forbidden', field: 'conversationId' } });
  });

  it('should end with one error event carrying the polite message when the engine fails after streaming began', async () => {
    server = await startWebTestServer();
    server.engine.failNext('handleMessage');
    const response = await server.post('/api/chat', QUESTION, SSE);
    expect(response.status).toBe(200);
    const events = await readEventStream(response);
    expect(events.map((event) => event.event)).toEqual(['status', 'error']);
    expect(events[1]!.data).toEqual({ error: { code: 'internal', message: INTERNAL_ERROR_MESSAGE } });
    expect(JSON.stringify(events)).not.toContain('/srv/secret');
    expect(server.logger.entries.filter((entry) => entry.level === 'error').map((entry) => entry.message)).toEqual(['web request failed']);
  });

  it('should tell the engine when the client goes away, still finish the answer, and free its slot', async () => {
    const engine = createFakeEngine();
    engine.setStreaming({ delayMs: 20, wordsPerDelta: 3 });
    const signals: AbortSignal[] = [];
    const streamMessage = engine.streamMessage.bind(engine);
    let finished = 0;
    engine.streamMessage = async function* (message, options?: StreamOptions) {
      if (options?.signal) signals.push(options.signal);
      for await (const event of streamMessage(message, options)) {
        yield event;
        if (event.type === 'reply') finished += 1;
      }
    };
    server = await startWebTestServer({ engine, maxAnswersInProgress: 1 });
    const client = new AbortController();
    const response = await fetch(`${server.baseUrl}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...SSE },
      body: JSON.stringify(QUESTION),
      signal: client.signal,
    });
    const events = eventsOf(response);
    for (let next = await events.next(); !next.done && next.value.event !== 'text'; next = await events.next());
    client.abort();

    await expect.poll(() => signals[0]?.aborted).toBe(true);
    await expect.poll(() => finished, { timeout: 5_000 }).toBe(1);
    await expect.poll(async () => (await server!.post('/api/chat', QUESTION)).status).toBe(200);
    expect(server.logger.entries.filter((entry) => entry.level === 'error')).toEqual([]);
  });
});
