import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BotReply } from '../../../../bot/messages.js';
import { startWebTestServer, type WebTestServer } from './web-test-server.js';

describe('POST /api/feedback and POST /api/adviser', () => {
  let server: WebTestServer;
  beforeEach(async () => {
    server = await startWebTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  async function askOnce(): Promise<BotReply> {
    return (await (await server.post('/api/chat', { conversationId: 'conv-9', text: 'Hvem har prøvet det?' })).json()) as BotReply;
  }

  it('should record 👍 with the reply id and answer 200 when the reply exists', async () => {
    const reply = await askOnce();
    const response = await server.post('/api/feedback', { replyId: reply.replyId, value: 'up' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, offerAdviser: false, message: 'Tak for din feedback.' });
    expect(server.engine.calls.recordFeedback[0]).toMatchObject({ replyId: reply.replyId, value: 'up', channel: 'web' });
    expect(server.engine.calls.recordFeedback[0]?.userId).toMatch(/^anon-/);
    expect(server.engine.calls.recordFeedback[0]).not.toHaveProperty('comment');
  });

  it('should pass the comment and return the adviser offer when the feedback is 👎', async () => {
    const reply = await askOnce();
    const response = await server.post('/api/feedback', { replyId: reply.replyId, value: 'down', comment: 'Mangler kontaktinfo' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, offerAdviser: true });
    expect(server.engine.calls.recordFeedback[0]?.comment).toBe('Mangler kontaktinfo');
  });

  it('should answer 404 with the engine message when the reply is unknown', async () => {
    const response = await server.post('/api/feedback', { replyId: 'nope', value: 'up' });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unknown_reply');
    expect(body.error.message).toMatch(/kunne ikke finde/);
  });

  it.each([
    ['value is not up/down', { replyId: 'r', value: 'meh' }, 'value'],
    ['value is missing', { replyId: 'r' }, 'value'],
    ['replyId is missing', { value: 'up' }, 'replyId'],
    ['comment is too long', { replyId: 'r', value: 'down', comment: 'x'.repeat(2001) }, 'comment'],
  ])('should answer 400 naming the field when feedback %s', async (_case, body, field) => {
    const response = await server.post('/api/feedback', body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { field: string } }).error.field).toBe(field);
    expect(server.engine.calls.recordFeedback).toHaveLength(0);
  });

  it('should ask the engine for an adviser and return its reply when the request is valid', async () => {
    const response = await server.post('/api/adviser', { conversationId: 'conv-9', text: 'Ring mig gerne', language: 'da' });
    expect(response.status).toBe(200);
    const reply = (await response.json()) as BotReply;
    expect(reply.escalation).toEqual({ id: 'esc-1', status: 'queued' });
    expect(server.engine.calls.requestAdviser[0]).toMatchObject({
      channel: 'web',
      conversationId: 'conv-9',
      language: 'da',
      user: { audience: 'public' },
    });
    expect(server.engine.calls.requestAdviser[0]?.user.id).toMatch(/^anon-/);
  });

  it('should answer 400 naming conversationId when the adviser request has none', async () => {
    const response = await server.post('/api/adviser', { text: 'Hjælp' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { field: string } }).error.field).toBe('conversationId');
    expect(server.engine.calls.requestAdviser).toHaveLength(0);
  });
});
