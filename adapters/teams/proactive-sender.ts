/**
 * Sends a message into a Teams conversation outside a user's turn (adviser replies, answers that outlived the turn,
 * escalation cards) through `continueConversationAsync` and a stored conversation reference.
 */
import type { Activity, CloudAdapter, ConversationReference } from 'botbuilder';
import { isLoopbackUrl } from './loopback.js';

/** Proactive sending, as the delivery port, the notifier and long turns use it. */
export interface ProactiveSender {
  /**
   * Sends `activity` to the conversation of `reference`.
   * @returns the id Teams gave the message (undefined if the service returned none)
   * @throws the connector's error when the message could not be sent (so the outbox retries)
   */
  send(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<string | undefined>;
}

/**
 * A sender on `adapter`. `appId` is the bot's Microsoft App ID ('' in emulator mode). `loopbackOnly` (emulator mode)
 * refuses every serviceUrl not on this machine, so an unauthenticated bot never posts anywhere else, whatever a
 * stored conversation reference says.
 *
 * The adapter's `onTurnError` would swallow a failed send inside the continuation, so the error is captured in
 * the callback and rethrown here.
 */
export function createProactiveSender(adapter: CloudAdapter, appId: string, options: { loopbackOnly?: boolean } = {}): ProactiveSender {
  return {
    async send(reference, activity) {
      if (!reference?.serviceUrl || !reference.conversation?.id) {
        throw new Error('teams: no conversation reference to send to (the user has not written to the bot from Teams)');
      }
      if (options.loopbackOnly && !isLoopbackUrl(reference.serviceUrl)) {
        throw new Error(`teams: emulator mode sends only to a serviceUrl on this machine, not to ${reference.serviceUrl}`);
      }
      let failure: unknown;
      let id: string | undefined;
      await adapter.continueConversationAsync(appId, reference, async (context) => {
        try {
          id = (await context.sendActivity(activity))?.id;
        } catch (error) {
          failure = error;
        }
      });
      if (failure !== undefined) throw failure;
      return id;
    },
  };
}
