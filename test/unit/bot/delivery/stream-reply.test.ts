/** An answer delivered while it is written: live events into the channel, the final reply once, never a half answer. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReplyDelivery, type LiveReply, type StreamingDeliveryPort } from '../../../../bot/delivery/index.js';
import type { UserDelivery } from '../../../../bot/escalation/index.js';
import type { ReplyEvent } from '../../../../bot/reply-events.js';
import { silentLogger } from '../../../../config/logger.js';
import type { Db } from '../../../../knowledge/index.js';
import { sampleCaseReply } from '../../../fakes/fake-engine.js';
import { testDatabases } from '../../../support/test-databases.js';

async function* events(replyId: string, conversation: string): AsyncGenerator<ReplyEvent> {
  yield { type: 'status', stage: 'searching', text: 'Søger i biblioteket …' };
  yield { type: 'text', delta: 'Flere kommuner ' };
  yield { type: 'text', delta: 'har erfaring [7].' };
  yield { type: 'reply', reply: sampleCaseReply(replyId, conversation) };
}

describe.each(testDatabases)('createReplyDelivery().streamReply ($name)', (database) => {
  let db: Db;
  const calls: string[] = [];
  const sent: UserDelivery[] = [];
  let canStream = true;
  let failOn: 'append' | 'finish' | undefined;
  let refuseDeliver = false;
  const live: LiveReply = {
    status: async (text) => void calls.push(`status:${text}`),
    append: async (delta) => {
      if (failOn === 'append') throw new Error('stream refused');
      calls.push(`append:${delta}`);
    },
    finish: async (reply) => {
      if (failOn === 'finish') throw new Error('update refused');
      calls.push(`finish:${reply.replyId}`);
    },
  };
  const port: StreamingDeliveryPort = {
    channel: 'test',
    openLive: async () => (canStream ? live : undefined),
    async deliver(delivery) {
      if (refuseDeliver) throw new Error('platform down');
      sent.push(delivery);
    },
  };
  const target = (conversation: string) => ({ conversationKey: `test:${conversation}:`, channel: 'test' });

  beforeAll(async () => {
    db = await database.open();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('should show the status and the text as they come, then finish the live message with the final reply, sending nothing else', async () => {
    calls.length = 0;
    const before = sent.length;
    const delivery = createReplyDelivery({ db, logger: silentLogger });
    const { outcome, reply } = await delivery.streamReply(port, events('s-1', 'c-1'), target('c-1'));
    expect(outcome).toEqual({ status: 'sent' });
    expect(reply.replyId).toBe('s-1');
    expect(calls).toEqual(['status:Søger i biblioteket …', 'append:Flere kommuner ', 'append:har erfaring [7].', 'finish:s-1']);
    expect(sent.length).toBe(before);
  });

  it('should deliver the final reply whole where the channel cannot stream', async () => {
    canStream = false;
    calls.length = 0;
    const delivery = createReplyDelivery({ db, logger: silentLogger });
    const { outcome } = await delivery.streamReply(port, events('s-2', 'c-2'), target('c-2'));
    canStream = true;
    expect(outcome).toEqual({ status: 'sent' });
    expect(calls).toEqual([]);
    expect(sent.at(-1)).toMatchObject({ kind: 'bot_reply', reply: { replyId: 's-2' } });
  });

  it('should stop streaming when the platform refuses a piece, and send the final reply whole', async () => {
    failOn = 'append';
    calls.length = 0;
    const delivery = createReplyDelivery({ db, logger: silentLogger });
    const { outcome } = await delivery.streamReply(port, events('s-3', 'c-3'), target('c-3'));
    failOn = undefined;
    expect(outcome).toEqual({ status: 'sent' });
    expect(calls).toEqual(['status:Søger i biblioteket …']);
    expect(sent.at(-1)).toMatchObject({ reply: { replyId: 's-3' } });
  });

  it('should queue the final reply in the outbox when the live message cannot be finished and the platform is down', async () => {
    failOn = 'finish';
    refuseDeliver = true;
    const delivery = createReplyDelivery({ db, logger: silentLogger });
    const { outcome } = await delivery.streamReply(port, events('s-4', 'c-4'), target('c-4'));
    failOn = undefined;
    refuseDeliver = false;
    expect(outcome).toEqual({ status: 'queued' });
    const rows = await db.query<{ payload: UserDelivery }>(`SELECT payload FROM outbox WHERE conversation_id = 'test:c-4:'`);
    expect(rows.rows.map((row) => row.payload.reply?.replyId)).toEqual(['s-4']);
  });

  it('should not stream past an earlier answer of the conversation that waits in the outbox: the new one queues behind it', async () => {
    // s-4 waits in the outbox for c-4 (previous test).
    calls.length = 0;
    const delivery = createReplyDelivery({ db, logger: silentLogger });
    const { outcome } = await delivery.streamReply(port, events('s-5', 'c-4'), target('c-4'));
    expect(outcome).toEqual({ status: 'queued' });
    expect(calls).toEqual([]);
  });

  it('should throw what the event source throws (a conversation that is not the caller’s)', async () => {
    async function* refused(): AsyncGenerator<ReplyEvent> {
      throw new Error('conversation.not_yours');
    }
    const delivery = createReplyDelivery({ db, logger: silentLogger });
    await expect(delivery.streamReply(port, refused(), target('c-6'))).rejects.toThrow('not_yours');
  });
});
