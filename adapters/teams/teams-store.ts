/**
 * What the Teams adapter remembers, in Teams' terms, kept by the engine (bot/store/channel-records.ts) so several
 * bot instances can run side by side and the adapter holds no SQL:
 * - which activities were already handled (the engine's `claimOnce`: Teams re-delivers a turn that runs long);
 * - which Teams message shows which engine reply (the feedback invoke only names the Teams message it is about);
 * - the conversation reference for proactive messages.
 */
import type { ConversationReference } from 'botbuilder';
import type { ChannelRecords } from '../../bot/store/channel-records.js';
import type { TeamsAddress } from './to-inbound-message.js';

/** The Teams adapter's records (see the module comment). */
export interface TeamsStore {
  /** True the first time an activity is handled, false for every re-delivery, atomically across processes. */
  firstDelivery(conversationId: string, activityId: string): Promise<boolean>;
  /** Remembers that Teams message `activityId` in `conversationId` shows engine reply `replyId`. */
  linkReply(conversationId: string, activityId: string, replyId: string): Promise<void>;
  /** The engine reply shown by a Teams message, for feedback on it. */
  replyIdFor(conversationId: string, activityId: string): Promise<string | undefined>;
  /** Stores where proactive messages for this conversation go (no-op until the engine has created it). */
  saveReference(address: TeamsAddress, reference: Partial<ConversationReference>): Promise<void>;
}

/**
 * The store over the engine's records for channel `teams`.
 *
 * @example
 * const store = createTeamsStore(createChannelRecords(db, TEAMS_CHANNEL));
 */
export function createTeamsStore(records: ChannelRecords): TeamsStore {
  return {
    // Teams activity ids are timestamps, unique only within a conversation.
    firstDelivery: (conversationId, activityId) => records.claimOnce(`${conversationId}|${activityId}`),
    linkReply: (conversationId, activityId, replyId) => records.linkPlatformMessage(conversationId, activityId, replyId),
    replyIdFor: (conversationId, activityId) => records.replyForPlatformMessage(conversationId, activityId),
    saveReference: (address, reference) => records.saveDeliveryRef({ conversationId: address.conversationId, threadId: address.threadId }, reference),
  };
}
