import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BotReply } from '../../../../bot/messages.js';
import { startWebTestServer, type WebTestServer } from './web-test-server.js';

describe('POST /api/chat', () => {
  let server: WebTestServer;
  beforeEach(async () => {
    server = await startWebTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('should return the engine reply and pass a web message to the engine when the request is valid', async () => {
    const response = await server.post('/api/chat', { conversationId: 'conv-1', text: 'Hvem har prøvet velfærdsteknologi?' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const reply = (await response.json()) as BotReply;
    expect(reply.conversationId).toBe('conv-1');
    expect(reply.citations.length).toBeGreaterThan(0);
    expect(reply.cases.map((c) => c.organisation)).toContain('Assens Kommune');
    const [message] = server.engine.calls.handleMessage;
    expect(message).toMatchObject({
      channel: 'web',
      conversationId: 'conv-1',
      threadId: '',
      text: 'Hvem har prøvet velfærdsteknologi?',
      user: { audience: 'public' },
    });
    expect(message?.user.id).toMatch(/^anon-[0-9a-f-]{36}$/);
  });

  it('should set an HttpOnly SameSite=Lax kc_uid cookie and reuse it as user id when the browser sends it back', async () => {
    const first = await server.post('/api/chat', { conversationId: 'c', text: 'Hej' });
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^kc_uid=[0-9a-f-]{36};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const uid = /^kc_uid=([^;]+)/.exec(cookie)?.[1];

    const second = await server.post('/api/chat', { conversationId: 'c', text: 'Igen' }, { cookie: `other=1; kc_uid=${uid}` });
    expect(second.headers.get('set-cookie')).toBeNull();
    expect(server.engine.calls.handleMessage.map((m) => m.user.id)).toEqual([`anon-${uid}`, `anon-${uid}`]);
  });

  it('should replace the cookie when kc_uid is not a UUID', async () => {
    const response = await server.post('/api/chat', { conversationId: 'c', text: 'Hej' }, { cookie: 'kc_uid=<script>' });
    expect(response.headers.get('set-cookie')).toMatch(/^kc_uid=[0-9a-f-]{36};/);
    expect(server.engine.calls.handleMessage[0]?.user.id).toMatch(/^anon-[0-9a-f-]{36}$/);
  });

  it('should ignore a user id in the body (the cookie is the identity) but keep the display name', async () => {
    const response = await server.post('/api/chat', { conversationId: 'c', text: 'Hej', user: { id: 'u-42', displayName: 'Mette' } });
    const uid = /^kc_uid=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
    expect(server.engine.calls.handleMessage[0]?.user).toEqual({ id: `anon-${uid}`, displayName: 'Mette', audience: 'public', anonymous: true });
  });

  it('should generate a conversation id on the server when the body has none', async () => {
    const response = await server.post('/api/chat', { text: 'Hej' });
    expect(response.status).toBe(200);
    const reply = (await response.json()) as BotReply;
    expect(reply.conversationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.engine.calls.handleMessage[0]?.conversationId).toBe(reply.conversationId);
  });

  it('should pass texts longer than 4000 characters to the engine when they fit the body limit', async () => {
    const response = await server.post('/api/chat', { conversationId: 'c', text: 'å'.repeat(5000) });
    expect(response.status).toBe(200);
    expect(server.engine.calls.handleMessage[0]?.text).toHaveLength(5000);
  });

  it.each([
    ['text is empty', { conversationId: 'c', text: '' }, 'text'],
    ['text is only whitespace', { conversationId: 'c', text: '  \n ' }, 'text'],
    ['text is missing', { conversationId: 'c' }, 'text'],
    ['text is a number', { conversationId: 'c', text: 42 }, 'text'],
    ['conversationId is empty', { conversationId: '', text: 'Hej' }, 'conversationId'],
    ['conversationId is too long', { conversationId: 'x'.repeat(201), text: 'Hej' }, 'conversationId'],
    ['user is a string', { text: 'Hej', user: 'mette' }, 'user'],
    ['user.id is empty', { text: 'Hej', user: { id: '' } }, 'user.id'],
  ])('should answer 400 naming the field when %s', async (_case, body, field) => {
    const response = await server.post('/api/chat', body);
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; message: string; field?: string } };
    expect(error.code).toBe('bad_request');
    expect(error.field).toBe(field);
    expect(error.message.startsWith(`${field}:`)).toBe(true);
    expect(server.engine.calls.handleMessage).toHaveLength(0);
  });

  it('should answer 400 when the body is a JSON array', async () => {
    const response = await server.post('/api/chat', [{ text: 'Hej' }]);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('bad_request');
  });
});

describe('POST /api/chat audience', () => {
  it('should pass the configured audience to the engine when the app is internal', async () => {
    const server = await startWebTestServer({ audience: 'internal' });
    try {
      await server.post('/api/chat', { conversationId: 'c', text: 'Hej', user: { id: 'x' } });
      expect(server.engine.calls.handleMessage[0]?.user.audience).toBe('internal');
    } finally {
      await server.close();
    }
  });

  it('should ignore an audience sent by the client when the app is public', async () => {
    const server = await startWebTestServer();
    try {
      await server.post('/api/chat', { conversationId: 'c', text: 'Hej', audience: 'internal', user: { audience: 'internal' } });
      expect(server.engine.calls.handleMessage[0]?.user.audience).toBe('public');
    } finally {
      await server.close();
    }
  });
});
