/**
 * What a channel keeps with the engine's conversations so it can reach them later: where proactive messages go
 * (`conversations.delivery_ref`, e.g. a Teams conversation reference), and which platform message shows which
 * engine reply (`messages.platform_message_id`: a Teams feedback invoke names only the Teams message it rates).
 */
import type { Queryable } from '../../knowledge/index.js';

/** A channel conversation as the channel names it (the parts of its conversation key). */
export interface ChannelConversation {
  channel: string;
  /** The platform's conversation id. */
  conversationId: string;
  threadId?: string;
}

/** Stores where proactive messages for the conversation go. Does nothing until the engine has created it. */
export async function saveDeliveryRef(db: Queryable, conversation: ChannelConversation, deliveryRef: unknown): Promise<void> {
  await db.query(
    `UPDATE conversations SET delivery_ref = $1::jsonb
     WHERE channel = $2 AND external_id = $3 AND thread_id = $4`,
    [JSON.stringify(deliveryRef), conversation.channel, conversation.conversationId, conversation.threadId ?? ''],
  );
}

/**
 * Records that platform message `platformMessageId` shows the engine's reply `replyId`. Any thread of the platform
 * conversation: a platform message id is looked up within its conversation (Teams ids are only unique there).
 */
export async function linkPlatformMessage(
  db: Queryable,
  conversation: Omit<ChannelConversation, 'threadId'>,
  platformMessageId: string,
  replyId: string,
): Promise<void> {
  await db.query(
    `UPDATE messages SET platform_message_id = $1
     WHERE id = $2 AND role = 'bot'
       AND conversation_id IN (SELECT id FROM conversations WHERE channel = $3 AND external_id = $4)`,
    [platformMessageId, replyId, conversation.channel, conversation.conversationId],
  );
}

/** The engine reply a platform message shows (the latest, should a platform reuse ids), if it is linked. */
export async function findReplyByPlatformMessage(
  db: Queryable,
  conversation: Omit<ChannelConversation, 'threadId'>,
  platformMessageId: string,
): Promise<string | undefined> {
  const result = await db.query<{ id: string }>(
    `SELECT m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id
     WHERE m.platform_message_id = $1 AND m.role = 'bot' AND c.channel = $2 AND c.external_id = $3
     ORDER BY m.created_at DESC LIMIT 1`,
    [platformMessageId, conversation.channel, conversation.conversationId],
  );
  return result.rows[0]?.id;
}
