/**
 * The one way an answer reaches a user after the platform's request was acknowledged: live through the channel's
 * DeliveryPort, or – when the platform is failing, or an earlier answer of the conversation is still waiting there –
 * as a `bot_reply` row in the outbox (bot/escalation/outbox-replies.ts), which the outbox dispatcher delivers later
 * through the same port, in order with the conversation's other deliveries. Nothing here knows a channel.
 */
import type { Logger } from '../../config/logger.js';
import type { Queryable } from '../../knowledge/index.js';
import type { DeliveryPort } from '../escalation/escalation-port.js';
import { enqueueBotReply, hasPendingBotReplies, toReplyDelivery, type QueuedReply } from '../escalation/outbox-replies.js';

/** What became of a reply. */
export type ReplyOutcome =
  /** The port delivered it now. */
  | { status: 'sent' }
  /** It waits in the outbox; the dispatcher delivers it. */
  | { status: 'queued' }
  /** Neither: the platform refused it for good (or the outbox could not be reached). The channel may apologise. */
  | { status: 'failed'; error: unknown };

/** How {@link sendReply} treats the port's failures. */
export interface SendReplyOptions {
  /**
   * Whether a failure is worth delivering later (rate limit, outage). Failures it calls permanent (a channel that
   * does not exist, say) are not queued: the outbox would only fail again. @default every failure is worth it
   */
  retryLater?: (error: unknown) => boolean;
}

/**
 * Sends `queued.reply` through `port` (see the module comment). Never throws.
 *
 * @example
 * const outcome = await sendReply({ db, logger }, slackPort, { conversationKey, channel: 'slack', deliveryRef, reply }, { retryLater: isRetryableSlackError });
 * if (outcome.status === 'failed') await apologise();
 */
export async function sendReply(
  deps: { db: Queryable; logger: Logger },
  port: DeliveryPort,
  queued: QueuedReply,
  options: SendReplyOptions = {},
): Promise<ReplyOutcome> {
  const { db, logger } = deps;
  const where = { channel: queued.channel, conversation: queued.conversationKey, replyId: queued.reply.replyId };
  const queue = () => enqueueBotReply(db, queued);
  const waiting = await hasPendingBotReplies(db, queued.conversationKey).catch((error: unknown) => {
    logger.warn('delivery: could not look at the outbox; sending the answer now', { ...where, error });
    return false;
  });
  if (waiting) {
    try {
      await queue();
      logger.info('delivery: an earlier answer of the conversation is waiting; this one queues behind it', where);
      return { status: 'queued' };
    } catch (error) {
      logger.error('delivery: could not queue the answer in the outbox; sending it now', { ...where, error });
    }
  }
  try {
    await port.deliver(toReplyDelivery(queued));
    return { status: 'sent' };
  } catch (error) {
    if (options.retryLater && !options.retryLater(error)) {
      logger.error('delivery: the platform refused the answer', { ...where, error });
      return { status: 'failed', error };
    }
    try {
      await queue();
      logger.warn('delivery: the platform is failing; the answer will be sent from the outbox', { ...where, error });
      return { status: 'queued' };
    } catch (outboxError) {
      logger.error('delivery: could not send the answer, nor queue it', { ...where, error, outboxError });
      return { status: 'failed', error };
    }
  }
}
