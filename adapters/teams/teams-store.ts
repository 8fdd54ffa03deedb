/**
 * The little state the Teams adapter keeps, all in Postgres so several bot instances can run side by side:
 * - which activities were already handled (`processed_events`: Teams re-delivers a turn that runs long);
 * - which Teams message carries which engine reply (`messages.platform_message_id`: the feedback invoke only
 *   names the Teams message it is about);
 * - the conversation reference for proactive messages (`conversations.delivery_ref`).
 *
 * The last two write rows the engine owns. They are here until the engine port carries them
 * (`IncomingMessage.deliveryRef`, a platform message id on replies); see the hand-over notes.
 */
import type { ConversationReference } from 'botbuilder';
import type { Db } from '../../knowledge/index.js';
import { TEAMS_CHANNEL, type TeamsAddress } from './to-inbound-message.js';

/** The Teams adapter's persistence (see the module comment). */
export interface TeamsStore {
  /**
   * Records that an activity is being handled. True the first time, false for every re-delivery, atomically across
   * processes (INSERT … ON CONFLICT DO NOTHING RETURNING).
   */
  firstDelivery(conversationId: string, activityId: string): Promise<boolean>;
  /** Remembers that Teams message `activityId` in `conversationId` shows engine reply `replyId`. */
  linkReply(conversationId: string, activityId: string, replyId: string): Promise<void>;
  /** The engine reply shown by a Teams message, for feedback on it. */
  replyIdFor(conversationId: string, activityId: string): Promise<string | undefined>;
  /** Stores where proactive messages for this conversation go (no-op until the engine has created the row). */
  saveReference(address: TeamsAddress, reference: Partial<ConversationReference>): Promise<void>;
}

/** The store on the shared database. */
export function createTeamsStore(db: Db): TeamsStore {
  return {
    async firstDelivery(conversationId, activityId) {
      const result = await db.query(
        `INSERT INTO processed_events (source, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
        [TEAMS_CHANNEL, `${conversationId}|${activityId}`],
      );
      return result.rows.length === 1;
    },
    async linkReply(conversationId, activityId, replyId) {
      await db.query(
        `UPDATE messages SET platform_message_id = $1
         WHERE id = $2 AND role = 'bot'
           AND conversation_id IN (SELECT id FROM conversations WHERE channel = $3 AND external_id = $4)`,
        [activityId, replyId, TEAMS_CHANNEL, conversationId],
      );
    },
    async replyIdFor(conversationId, activityId) {
      // Teams message ids are timestamps, so they are only unique within a conversation.
      const result = await db.query<{ id: string }>(
        `SELECT m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id
         WHERE m.platform_message_id = $1 AND m.role = 'bot' AND c.channel = $2 AND c.external_id = $3
         ORDER BY m.created_at DESC LIMIT 1`,
        [activityId, TEAMS_CHANNEL, conversationId],
      );
      return result.rows[0]?.id;
    },
    async saveReference(address, reference) {
      await db.query(
        `UPDATE conversations SET delivery_ref = $1::jsonb
         WHERE channel = $2 AND external_id = $3 AND thread_id = $4`,
        [JSON.stringify(reference), TEAMS_CHANNEL, address.conversationId, address.threadId ?? ''],
      );
    },
  };
}
