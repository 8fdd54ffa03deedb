/**
 * Delivery for channels that read the conversation from the database (the web page streams the stored messages,
 * the CLI reads them back): the message is already stored in `messages`, so delivering is a no-op that succeeds.
 * That holds for every kind, `bot_reply` included: the engine stored the answer before any channel was to post it.
 */
import type { DeliveryPort } from './escalation-port.js';

/** The channels whose users see stored messages directly. */
export const STORED_MESSAGE_CHANNELS = ['web', 'cli'] as const;

/** A DeliveryPort for `channel` that only confirms (the message is in the messages table already). */
export function createStoredMessageDeliveryPort(channel: string): DeliveryPort {
  return {
    channel,
    async deliver() {
      // Stored by the transition that queued it; nothing to send.
    },
  };
}

/** The ports of STORED_MESSAGE_CHANNELS, to register with the outbox dispatcher. */
export function storedMessageDeliveryPorts(): DeliveryPort[] {
  return STORED_MESSAGE_CHANNELS.map((channel) => createStoredMessageDeliveryPort(channel));
}
