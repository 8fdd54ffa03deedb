/**
 * The engine's records a channel may write and read, bound to the database and to that channel, so the adapter
 * gets data rather than tables: event de-duplication, conversation references for proactive messages, and the link
 * between a platform message and the engine reply it shows.
 */
import type { Queryable } from '../../knowledge/index.js';
import { claimOnce } from './claim-once.js';
import { findReplyByPlatformMessage, linkPlatformMessage, saveDeliveryRef } from './conversation-references.js';

/** One channel's records (see the module comment). */
export interface ChannelRecords {
  /** The channel name these records are for (`processed_events.source`, `conversations.channel`). */
  readonly channel: string;
  /** True the first time `key` is claimed for this channel, in any process; false for every duplicate. */
  claimOnce(key: string): Promise<boolean>;
  /** Stores where proactive messages for the conversation go (nothing until the engine has created it). */
  saveDeliveryRef(conversation: { conversationId: string; threadId?: string }, deliveryRef: unknown): Promise<void>;
  /** Remembers that platform message `platformMessageId` in `conversationId` shows engine reply `replyId`. */
  linkPlatformMessage(conversationId: string, platformMessageId: string, replyId: string): Promise<void>;
  /** The engine reply shown by a platform message, for feedback on it. */
  replyForPlatformMessage(conversationId: string, platformMessageId: string): Promise<string | undefined>;
}

/**
 * Binds the records to `db` and `channel`.
 *
 * @example
 * const records = createChannelRecords(db, 'teams');
 * if (!(await records.claimOnce(`${conversationId}|${activityId}`))) return; // re-delivered
 */
export function createChannelRecords(db: Queryable, channel: string): ChannelRecords {
  return {
    channel,
    claimOnce: (key) => claimOnce(db, channel, key),
    saveDeliveryRef: (conversation, deliveryRef) => saveDeliveryRef(db, { channel, ...conversation }, deliveryRef),
    linkPlatformMessage: (conversationId, platformMessageId, replyId) =>
      linkPlatformMessage(db, { channel, conversationId }, platformMessageId, replyId),
    replyForPlatformMessage: (conversationId, platformMessageId) => findReplyByPlatformMessage(db, { channel, conversationId }, platformMessageId),
  };
}
