/**
 * Answers a channel could not post when they were given: the channel queues the engine's reply as a `bot_reply` user
 * delivery, and the outbox dispatcher hands it to the channel's DeliveryPort later (leases, backoff, at most
 * `maxAttempts`), in order with the conversation's other user deliveries. Nothing here knows a channel: the
 * delivery reference is the channel's own.
 */
import type { Queryable } from '../../knowledge/index.js';
import type { BotReply } from '../messages.js';
import type { UserDelivery } from './escalation-port.js';

/** What {@link enqueueBotReply} needs. */
export interface QueuedReply {
  /** The stored conversation's id (`conversationKey(channel, id, thread)`): deliveries are ordered per conversation. */
  conversationKey: string;
  /** The channel whose DeliveryPort posts it. */
  channel: string;
  /** Where exactly the answer goes, as the channel's port reads it. */
  deliveryRef?: unknown;
  reply: BotReply;
}

/** The outbox event key of a queued reply: one row per reply, however often it is queued. */
export function botReplyEventKey(replyId: string): string {
  return `reply:${replyId}`;
}

/** The reply as the channel's port receives it, live or from the outbox (the payload enqueueBotReply stores). */
export function toReplyDelivery(queued: QueuedReply): UserDelivery {
  const { reply } = queued;
  return {
    conversationKey: queued.conversationKey,
    channel: queued.channel,
    ...(queued.deliveryRef !== undefined ? { deliveryRef: queued.deliveryRef } : {}),
    kind: 'bot_reply',
    text: reply.text,
    language: reply.language,
    reply,
  };
}

/**
 * Queues `reply` for its channel's DeliveryPort. Idempotent per reply id: true when this call queued it.
 *
 * @example
 * await enqueueBotReply(db, { conversationKey: 'slack:C1:1700000000.000100', channel: 'slack', deliveryRef: { channel: 'C1', thread_ts: '1700000000.000100' }, reply });
 */
export async function enqueueBotReply(q: Queryable, queued: QueuedReply): Promise<boolean> {
  const { reply } = queued;
  const payload = toReplyDelivery(queued);
  const result = await q.query(
    `INSERT INTO outbox (event_key, kind, conversation_id, payload) VALUES ($1, 'user', $2, $3::jsonb)
     ON CONFLICT (event_key) DO NOTHING RETURNING id`,
    [botReplyEventKey(reply.replyId), queued.conversationKey, JSON.stringify(payload)],
  );
  return result.rows.length === 1;
}

/**
 * Whether an earlier answer of the conversation is still waiting in the outbox. A channel about to post an answer
 * live queues it instead, so the answers arrive in order. (Only answers: a hand-off message the channel keeps failing
 * to deliver must not hold up the bot's answers for hours.)
 */
export async function hasPendingBotReplies(q: Queryable, conversationKey: string): Promise<boolean> {
  const result = await q.query(
    `SELECT 1 FROM outbox WHERE kind = 'user' AND conversation_id = $1 AND delivered_at IS NULL AND failed_at IS NULL
       AND payload->>'kind' = 'bot_reply' LIMIT 1`,
    [conversationKey],
  );
  return result.rows.length > 0;
}
