/**
 * The engine's records a channel gets instead of tables: one claimOnce for every channel's de-duplication,
 * conversation references, platform-message links, the Slack store, and conversation keys parsed by the engine.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannelRecords } from '../../bot/store/channel-records.js';
import { claimOnce } from '../../bot/store/claim-once.js';
import { appendMessage, conversationKey, getConversation, parseConversationKey, upsertConversation } from '../../bot/store/conversation-store.js';
import { createSlackStore } from '../../bot/store/slack-store.js';
import type { Db } from '../../knowledge/db/db.js';
import { testDatabases } from '../support/test-databases.js';

describe('parseConversationKey', () => {
  it('should give back the parts conversationKey joined, and nothing for an ambiguous key', () => {
    expect(parseConversationKey(conversationKey('slack', 'C1', '1700000000.000100'))).toEqual({ channel: 'slack', externalId: 'C1', threadId: '1700000000.000100' });
    expect(parseConversationKey(conversationKey('web', 'abc'))).toEqual({ channel: 'web', externalId: 'abc', threadId: '' });
    expect(parseConversationKey('teams:a:1x:2y')).toBeUndefined();
    expect(parseConversationKey('slack:')).toBeUndefined();
  });
});

describe.each(testDatabases)('channel records on $name', ({ open }) => {
  let db: Db;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('should let exactly one of many concurrent claims of a key win, separately per channel', async () => {
    const key = `event:${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 8 }, () => claimOnce(db, 'slack', key)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await createChannelRecords(db, 'teams').claimOnce(key)).toBe(true);
    expect(await createChannelRecords(db, 'teams').claimOnce(key)).toBe(false);
  });

  it("should keep a conversation's reference and find the reply a platform message shows, within that conversation only", async () => {
    const records = createChannelRecords(db, 'teams');
    const conversationId = `a:${randomUUID()}`;
    const user = { id: 'u1', audience: 'public' as const };
    await records.saveDeliveryRef({ conversationId }, { serviceUrl: 'http://127.0.0.1/' }); // before the conversation exists: nothing
    const conversation = await upsertConversation(db, { channel: 'teams', conversationId, user }, 'da');
    await records.saveDeliveryRef({ conversationId }, { serviceUrl: 'http://127.0.0.1/', conversation: { id: conversationId } });
    expect((await getConversation(db, conversation.id))?.deliveryRef).toEqual({ serviceUrl: 'http://127.0.0.1/', conversation: { id: conversationId } });

    const replyId = await appendMessage(db, conversation.id, { role: 'bot', text: 'Svar' });
    await records.linkPlatformMessage(conversationId, '1700000000001', replyId);
    expect(await records.replyForPlatformMessage(conversationId, '1700000000001')).toBe(replyId);
    expect(await records.replyForPlatformMessage(`a:${randomUUID()}`, '1700000000001')).toBeUndefined();
    expect(await createChannelRecords(db, 'slack').replyForPlatformMessage(conversationId, '1700000000001')).toBeUndefined();
  });

  it("should keep the Slack channel's cards, threads and Assistant contexts", async () => {
    const store = createSlackStore(db);
    const channel = `C${randomUUID().slice(0, 8).toUpperCase()}`;
    expect(await store.isOwnThread(channel, '1.1', 'U1')).toBe(false);
    await store.rememberThread(channel, '1.1', 'U1');
    await store.rememberThread(channel, '1.1', 'U2');
    expect([await store.isOwnThread(channel, '1.1', 'U1'), await store.isOwnThread(channel, '1.1', 'U2')]).toEqual([true, false]);

    expect(await store.assistantThreadContext(channel, '2.2')).toEqual({});
    await store.saveAssistantThreadContext(channel, '2.2', { channel_id: 'C9', team_id: 'T1' });
    expect(await store.assistantThreadContext(channel, '2.2')).toEqual({ channel_id: 'C9', team_id: 'T1' });
    expect(await store.claimThreadTitle(channel, '2.2', 'Første')).toBe(true);
    expect(await store.claimThreadTitle(channel, '2.2', 'Anden')).toBe(false);
  });
});
