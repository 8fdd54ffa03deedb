/**
 * The escalation outbox's way into a Teams user's conversation: adviser replies, "an adviser has taken over" and
 * "the assistant is back" are sent proactively through the conversation reference stored when the user last wrote.
 * An answer (kind `bot_reply`: one that outlived its turn, live from the engine's delivery path or later from the
 * outbox) is sent rendered as a live answer (AI label, citations, cases), and the sent message is linked to the reply
 * so the feedback buttons on it work. In a 1:1 chat an answer can also be streamed while it is written
 * (`openLive`, teams-live-reply.ts); Teams streams nowhere else, so group chats and channels get the final answer only.
 */
import type { ConversationReference } from 'botbuilder';
import type { LiveTarget, StreamingDeliveryPort } from '../../bot/delivery/index.js';
import type { UserDelivery } from '../../bot/escalation/escalation-port.js';
import type { ProactiveSender } from './proactive-sender.js';
import { renderPlainMessage, renderReply } from './render-reply.js';
import { createTeamsLiveReply, type TeamsLiveReply } from './teams-live-reply.js';
import type { LivePacing } from '../../bot/delivery/index.js';
import { TEAMS_CHANNEL } from './to-inbound-message.js';

/** Options for {@link createTeamsDeliveryPort}. */
export interface TeamsDeliveryPortOptions {
  /** Called after an answer was sent, with the Teams message's id: link it to the reply (feedback). Must not throw. */
  onReplySent?(conversationId: string, activityId: string, replyId: string): Promise<void>;
  /** How fast streamed answers are updated. @default ONE_CHANGE_A_SECOND (one update a second) */
  streamPacing?: LivePacing;
}

/** The Teams delivery port: its live replies can also end with a message that is not an answer. */
export interface TeamsDeliveryPort extends StreamingDeliveryPort {
  openLive(target: LiveTarget): Promise<TeamsLiveReply | undefined>;
}

/**
 * A DeliveryPort for channel `teams`. It throws when there is no usable reference or Teams refuses the message
 * (service unreachable, conversation gone, bot removed), so the outbox retries and finally flags the escalation.
 *
 * @example
 * createOutboxDispatcher({ db, deliveryPorts: [teams.deliveryPort], notifiers, logger, backoff });
 */
export function createTeamsDeliveryPort(sender: ProactiveSender, options: TeamsDeliveryPortOptions = {}): TeamsDeliveryPort {
  return {
    channel: TEAMS_CHANNEL,
    async openLive(target) {
      const reference = asReference(target.deliveryRef);
      if (reference?.conversation?.conversationType !== 'personal') return undefined;
      return createTeamsLiveReply({
        sender,
        reference,
        pacing: options.streamPacing,
        onReplySent: async (activityId, reply) => options.onReplySent?.(reference.conversation!.id, activityId, reply.replyId),
      });
    },
    async deliver(delivery: UserDelivery) {
      const reference = asReference(delivery.deliveryRef);
      if (!reference) {
        throw new Error(`teams: conversation ${delivery.conversationKey} has no stored conversation reference`);
      }
      if (delivery.kind === 'bot_reply') {
        const id = await sender.send(reference, delivery.reply ? renderReply(delivery.reply) : renderPlainMessage(delivery.text));
        if (id && delivery.reply) await options.onReplySent?.(reference.conversation!.id, id, delivery.reply.replyId);
        return;
      }
      const author = delivery.kind === 'adviser_message' ? delivery.authorName : undefined;
      await sender.send(reference, renderPlainMessage(delivery.text, author));
    },
  };
}

/** The stored reference (jsonb, possibly still a string), when it has what a proactive message needs. */
function asReference(stored: unknown): Partial<ConversationReference> | undefined {
  let value = stored;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const reference = value as Partial<ConversationReference> | undefined;
  return reference?.serviceUrl && reference.conversation?.id ? reference : undefined;
}
