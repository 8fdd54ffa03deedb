/**
 * The start of a user's turn in one statement (bot/store/begin-turn.ts): the rate limit, the conversation and its
 * owner, an open hand-off and the latest turn, and the user's message stored only when all of them allow it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../knowledge/index.js';
import { beginTurn, type BeginTurnRequest } from '../../bot/store/begin-turn.js';
import { appendMessage, listMessages } from '../../bot/store/conversation-store.js';
import { isConversationAccessError } from '../../bot/store/conversation-access-error.js';
import type { PreviousTurn } from '../../bot/conversation-turn.js';
import { testDatabases } from '../support/test-databases.js';

const NOW = new Date('2026-03-02T10:00:30Z');

function request(conversationId: string, userId: string, overrides: Partial<BeginTurnRequest> = {}): BeginTurnRequest {
  return {
    message: { channel: 'web', conversationId, threadId: '', user: { id: userId, audience: 'public', anonymous: true, displayName: 'Borger' }, messageId: 'm-1' },
    text: 'Hvad er hverdagsrehabilitering?',
    language: 'da',
    rateLimit: { key: `web:${userId}`, limit: 2, windowSeconds: 60, now: NOW },
    ...overrides,
  };
}

describe.each(testDatabases)('beginTurn on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => db?.close());

  it('should create the conversation for its owner and store the message with its author', async () => {
    const conversationId = randomUUID();
    const begun = await beginTurn(db, request(conversationId, 'anon-a'));
    expect(begun.kind).toBe('stored');
    if (begun.kind !== 'stored') return;
    expect(begun.conversation).toMatchObject({ id: `web:${conversationId}`, ownerId: 'anon-a', userName: 'Borger', language: 'da', audience: 'public' });
    expect(begun.previous).toBeUndefined();
    const messages = await listMessages(db, `web:${conversationId}`);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ id: begun.userMessageId, role: 'user', text: 'Hvad er hverdagsrehabilitering?', authorId: 'anon-a', authorName: 'Borger' });
  });

  it('should give the latest bot turn as it was before the message', async () => {
    const conversationId = randomUUID();
    const key = `web:${conversationId}`;
    await beginTurn(db, request(conversationId, 'anon-b'));
    const turn: PreviousTurn = { question: 'Første', resolvedQuestion: 'Første', intent: 'method', filters: {}, language: 'da', citations: [], cases: [] };
    await appendMessage(db, key, { role: 'bot', text: 'Svar', turn });
    const begun = await beginTurn(db, request(conversationId, 'anon-b', { text: 'Er der flere?' }));
    expect(begun).toMatchObject({ kind: 'stored', previous: turn });
    expect((await listMessages(db, key)).map((message) => message.role)).toEqual(['user', 'bot', 'user']);
  });

  it('should count past the limit and then store nothing, not even a new conversation', async () => {
    const userId = `anon-${randomUUID()}`;
    expect((await beginTurn(db, request(randomUUID(), userId))).kind).toBe('stored');
    expect((await beginTurn(db, request(randomUUID(), userId))).kind).toBe('stored');
    const refusedId = randomUUID();
    expect(await beginTurn(db, request(refusedId, userId))).toEqual({ kind: 'rate_limited', retryAfterSeconds: 30 });
    const { rows } = await db.query('SELECT 1 FROM conversations WHERE id = $1', [`web:${refusedId}`]);
    expect(rows).toHaveLength(0);
  });

  it("should refuse another browser's conversation and store nothing in it", async () => {
    const conversationId = randomUUID();
    await beginTurn(db, request(conversationId, 'anon-owner'));
    const error = await beginTurn(db, request(conversationId, 'anon-other', { text: 'Ikke min' })).catch((caught: unknown) => caught);
    expect(isConversationAccessError(error)).toBe(true);
    expect((await listMessages(db, `web:${conversationId}`)).map((message) => message.text)).toEqual(['Hvad er hverdagsrehabilitering?']);
  });

  it('should store nothing while an adviser has the conversation, and say so', async () => {
    const conversationId = randomUUID();
    const key = `web:${conversationId}`;
    await beginTurn(db, request(conversationId, 'anon-c'));
    await db.query(
      `INSERT INTO escalations (id, conversation_id, status, trigger, channel, question, summary, due_at)
       VALUES ($1, $2, 'queued', 'user_request', 'web', 'Spørgsmål?', 'Resumé', now() + interval '4 hours')`,
      [randomUUID(), key],
    );
    const begun = await beginTurn(db, request(conversationId, 'anon-c', { text: 'Til rådgiveren' }));
    expect(begun).toMatchObject({ kind: 'with_adviser', conversation: { id: key } });
    expect(await listMessages(db, key)).toHaveLength(1);
  });
});
