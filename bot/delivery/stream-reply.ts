/**
 * An answer delivered while it is being written: the engine's reply events (bot/reply-events.ts) go live into the
 * channel through the port's {@link LiveReply} — status, text as it arrives, then the final reply in place of what was
 * streamed. Where the channel cannot stream (a Teams group chat, say), an earlier answer of the conversation still
 * waits in the outbox, or the live message fails part-way, the final reply takes the ordinary path instead
 * (sendReply: live through the port, or the outbox). So the user always gets the whole final answer once, never a
 * half answer. Nothing here knows a channel.
 */
import type { Logger } from '../../config/logger.js';
import type { Queryable } from '../../knowledge/index.js';
import type { DeliveryPort } from '../escalation/escalation-port.js';
import { hasPendingBotReplies, type QueuedReply } from '../escalation/outbox-replies.js';
import type { BotReply } from '../messages.js';
import type { ReplyEvent } from '../reply-events.js';
import { sendReply, type ReplyOutcome, type SendReplyOptions } from './send-reply.js';

/** A message being written in a channel. The port throttles and coalesces its platform calls as the platform needs. */
export interface LiveReply {
  /** Shows a progress line (Slack's assistant status, Teams' informative update); may do nothing. */
  status(text: string): Promise<void>;
  /** Appends the next piece of Markdown to the message being written. */
  append(delta: string): Promise<void>;
  /** Replaces what was streamed with the final reply (with its sources, cases and actions), and ends the message. */
  finish(reply: BotReply): Promise<void>;
}

/** Where a live reply goes: the same target as a queued reply, without the reply. */
export type LiveTarget = Omit<QueuedReply, 'reply'>;

/** A delivery port that can also write an answer while it is being written. */
export interface StreamingDeliveryPort extends DeliveryPort {
  /** Opens a live reply, or returns undefined where the platform cannot stream in this conversation. */
  openLive(target: LiveTarget): Promise<LiveReply | undefined>;
}

/** What {@link streamReply} did: the outcome of the final reply, and the reply itself. */
export interface StreamOutcome {
  outcome: ReplyOutcome;
  reply: BotReply;
}

/**
 * Feeds `events` into a live reply in `target`'s conversation and finishes it with the final reply (see the module
 * comment). Errors of the event source (the engine's `ConversationAccessError`) are thrown; the port's never are.
 *
 * @example
 * const { outcome } = await delivery.streamReply(slackPort, engine.streamMessage(message), { conversationKey, channel: 'slack', deliveryRef });
 */
export async function streamReply(
  deps: { db: Queryable; logger: Logger },
  port: StreamingDeliveryPort,
  events: AsyncIterable<ReplyEvent>,
  target: LiveTarget,
  options: SendReplyOptions = {},
): Promise<StreamOutcome> {
  const { db, logger } = deps;
  const where = { channel: target.channel, conversation: target.conversationKey };
  // An earlier answer waiting in the outbox must arrive first: this one then takes sendReply's path (it queues).
  const waiting = await hasPendingBotReplies(db, target.conversationKey).catch(() => false);
  let live: LiveReply | undefined;
  let usable = !waiting;
  let opened = false;
  const onLive = async (act: (reply: LiveReply) => Promise<void>): Promise<void> => {
    if (!usable) return;
    try {
      if (!opened) {
        opened = true;
        live = await port.openLive(target);
      }
      if (!live) {
        usable = false;
        return;
      }
      await act(live);
    } catch (error) {
      usable = false;
      logger.warn('delivery: streaming the answer failed; the final answer is sent whole', { ...where, error });
    }
  };

  let final: BotReply | undefined;
  for await (const event of events) {
    if (event.type === 'status') await onLive((reply) => reply.status(event.text));
    else if (event.type === 'text') await onLive((reply) => reply.append(event.delta));
    else final = event.reply;
  }
  if (!final) throw new Error('the reply stream ended without a final reply');

  if (usable) {
    if (!opened) await onLive(async () => undefined);
    if (live && usable) {
      try {
        await live.finish(final);
        return { outcome: { status: 'sent' }, reply: final };
      } catch (error) {
        logger.warn('delivery: the streamed answer could not be finished; sending it whole', { ...where, replyId: final.replyId, error });
      }
    }
  }
  return { outcome: await sendReply(deps, port, { ...target, reply: final }, options), reply: final };
}
