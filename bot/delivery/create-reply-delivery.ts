/**
 * The engine's delivery path, one per process and shared by every channel: post-acknowledgement answers run here
 * with bounded concurrency and in order per conversation, and are sent live through the channel's DeliveryPort with
 * the outbox as fallback (send-reply.ts). The outbox dispatcher's deliveries into users' conversations (advisers'
 * replies, queued answers) go through {@link ReplyDelivery.ordered} ports, so they keep their place among the live
 * answers of the same conversation.
 */
import type { Logger } from '../../config/logger.js';
import type { Queryable } from '../../knowledge/index.js';
import type { DeliveryPort } from '../escalation/escalation-port.js';
import type { QueuedReply } from '../escalation/outbox-replies.js';
import { sendReply, type ReplyOutcome, type SendReplyOptions } from './send-reply.js';
import { streamReply, type LiveTarget, type StreamingDeliveryPort, type StreamOutcome } from './stream-reply.js';
import type { ReplyEvent } from '../reply-events.js';
import { createWorkQueue, type WorkQueue } from './work-queue.js';

/** Options for {@link createReplyDelivery}. */
export interface ReplyDeliveryOptions {
  /** Where answers that cannot be sent now are queued (the engine's database). */
  db: Queryable;
  logger: Logger;
  /** Answers in progress at once, all channels together. @default DEFAULT_DELIVERY_CONCURRENCY */
  concurrency?: number;
}

/** The delivery path (see the module comment). */
export interface ReplyDelivery extends Pick<WorkQueue, 'run' | 'turn' | 'inOrder' | 'busy' | 'stats'> {
  /** Sends an answer live through `port`, or queues it in the outbox; see sendReply. Never throws. */
  sendReply(port: DeliveryPort, queued: QueuedReply, options?: SendReplyOptions): Promise<ReplyOutcome>;
  /** Streams an answer live through `port` as the engine writes it, then sends the final reply; see streamReply. */
  streamReply(
    port: StreamingDeliveryPort,
    events: AsyncIterable<ReplyEvent>,
    target: LiveTarget,
    options?: SendReplyOptions,
  ): Promise<StreamOutcome>;
  /** `port` for the outbox dispatcher: each delivery waits for the conversation's answers in progress. */
  ordered(port: DeliveryPort): DeliveryPort;
  /** Waits for the answers in progress (started meanwhile included) until `deadline`, whichever comes first. */
  drain(deadline: Date): Promise<void>;
}

/**
 * Creates the delivery path.
 *
 * @example
 * const delivery = createReplyDelivery({ db, logger, concurrency: config.channels.maxAnswersInProgress });
 * void delivery.run(() => delivery.inOrder(key, async () => {
 *   const reply = await engine.handleMessage(message);
 *   await delivery.sendReply(port, { conversationKey: key, channel: port.channel, deliveryRef, reply });
 * }));
 */
export function createReplyDelivery(options: ReplyDeliveryOptions): ReplyDelivery {
  const work = createWorkQueue({ concurrency: options.concurrency });
  const deps = { db: options.db, logger: options.logger };
  return {
    run: (job) => work.run(job),
    turn: () => work.turn(),
    inOrder: (key, job) => work.inOrder(key, job),
    busy: (key) => work.busy(key),
    get stats() {
      return work.stats;
    },
    sendReply: (port, queued, sendOptions) => sendReply(deps, port, queued, sendOptions),
    streamReply: (port, events, target, sendOptions) => streamReply(deps, port, events, target, sendOptions),
    ordered: (port) => ({
      channel: port.channel,
      deliver: (delivery) => work.inOrder(delivery.conversationKey, () => port.deliver(delivery)),
    }),
    async drain(deadline) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline.getTime() - Date.now()))));
      await Promise.race([work.idle(), timeout]).finally(() => clearTimeout(timer));
    },
  };
}
