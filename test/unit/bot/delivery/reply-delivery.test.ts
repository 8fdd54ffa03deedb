/** The engine's delivery path: conversation order, bounded work, and what becomes of a reply the port refuses. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReplyDelivery, createWorkQueue } from '../../../../bot/delivery/index.js';
import type { DeliveryPort, UserDelivery } from '../../../../bot/escalation/index.js';
import { silentLogger } from '../../../../config/logger.js';
import type { Db } from '../../../../knowledge/index.js';
import { sampleCaseReply } from '../../../fakes/fake-engine.js';
import { testDatabases } from '../../../support/test-databases.js';

const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
};

describe('createWorkQueue().inOrder', () => {
  it("should run a conversation's jobs one after the other in the order they came, and other conversations beside them", async () => {
    const work = createWorkQueue();
    const first = gate();
    const seen: string[] = [];
    const a1 = work.inOrder('a', async () => { await first.opened; seen.push('a1'); });
    const a2 = work.inOrder('a', async () => void seen.push('a2'));
    await work.inOrder('b', async () => void seen.push('b1'));
    expect(work.busy('a')).toBe(true);
    expect(seen).toEqual(['b1']);
    first.open();
    await Promise.all([a1, a2]);
    expect(seen).toEqual(['b1', 'a1', 'a2']);
    expect(work.busy('a')).toBe(false);
  });

  it('should go on with the next job of a conversation when one throws', async () => {
    const work = createWorkQueue();
    const failed = work.inOrder('a', async () => { throw new Error('boom'); });
    const next = work.inOrder('a', async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe('next');
  });
});

describe.each(testDatabases)('createReplyDelivery().sendReply ($name)', (database) => {
  let db: Db;
  const sent: UserDelivery[] = [];
  let refuse: Error | undefined;
  const port: DeliveryPort = {
    channel: 'test',
    async deliver(delivery) {
      if (refuse) throw refuse;
      sent.push(delivery);
    },
  };
  const queued = async (conversation: string) =>
    (await db.query<{ payload: UserDelivery }>(`SELECT payload FROM outbox WHERE conversation_id = $1 ORDER BY id`, [conversation])).rows.map((row) => row.payload);

  beforeAll(async () => {
    db = await database.open();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('should send a reply live through the port as a bot_reply delivery', async () => {
    const delivery = createReplyDelivery({ db, logger: silentLogger });
    const reply = sampleCaseReply('r-live', 'c-live');
    expect(await delivery.sendReply(port, { conversationKey: 'test:c-live:', channel: 'test', deliveryRef: { where: 1 }, reply })).toEqual({ status: 'sent' });
    expect(sent.at(-1)).toMatchObject({ kind: 'bot_reply', conversationKey: 'test:c-live:', deliveryRef: { where: 1 }, reply: { replyId: 'r-live' } });
  });

  it('should queue a refused reply in the outbox, and queue the next reply of the conversation behind it even when the port works again', async () => {
    const delivery = createReplyDelivery({ db, logger: silentLogger });
    refuse = new Error('platform down');
    const first = await delivery.sendReply(port, { conversationKey: 'test:c-down:', channel: 'test', reply: sampleCaseReply('r-1', 'c-down') });
    refuse = undefined;
    const before = sent.length;
    const second = await delivery.sendReply(port, { conversationKey: 'test:c-down:', channel: 'test', reply: sampleCaseReply('r-2', 'c-down') });
    expect([first.status, second.status]).toEqual(['queued', 'queued']);
    expect(sent.length).toBe(before);
    expect((await queued('test:c-down:')).map((payload) => payload.reply?.replyId)).toEqual(['r-1', 'r-2']);
  });

  it('should not queue a reply the port refuses for good, and say so', async () => {
    const delivery = createReplyDelivery({ db, logger: silentLogger });
    refuse = new Error('channel_not_found');
    const outcome = await delivery.sendReply(port, { conversationKey: 'test:c-gone:', channel: 'test', reply: sampleCaseReply('r-gone', 'c-gone') }, { retryLater: () => false });
    refuse = undefined;
    expect(outcome.status).toBe('failed');
    expect(await queued('test:c-gone:')).toEqual([]);
  });

  it("should make the dispatcher's port wait for the conversation's answer in progress", async () => {
    const delivery = createReplyDelivery({ db, logger: silentLogger });
    const answering = gate();
    const order: string[] = [];
    const recording: DeliveryPort = { channel: 'test', deliver: async (item) => void order.push(item.kind) };
    const live = delivery.inOrder('test:c-order:', async () => {
      await answering.opened;
      await delivery.sendReply(recording, { conversationKey: 'test:c-order:', channel: 'test', reply: sampleCaseReply('r-order', 'c-order') });
    });
    const relayed = delivery.ordered(recording).deliver({ conversationKey: 'test:c-order:', channel: 'test', kind: 'adviser_message', text: 'Hej', language: 'da' });
    answering.open();
    await Promise.all([live, relayed]);
    expect(order).toEqual(['bot_reply', 'adviser_message']);
  });
});
