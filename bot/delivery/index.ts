/** The engine's one delivery path for answers sent after the platform's acknowledgement and for relayed messages. */
export { createReplyDelivery, type ReplyDelivery, type ReplyDeliveryOptions } from './create-reply-delivery.js';
export { sendReply, type ReplyOutcome, type SendReplyOptions } from './send-reply.js';
export { streamReply, type LiveReply, type LiveTarget, type StreamingDeliveryPort, type StreamOutcome } from './stream-reply.js';
export { toReplyDelivery } from '../escalation/outbox-replies.js';
export { createWorkQueue, DEFAULT_DELIVERY_CONCURRENCY, type WorkQueue, type WorkQueueOptions } from './work-queue.js';
export { ONE_CHANGE_A_SECOND, type LivePacing } from './live-pacing.js';
