/**
 * The Assistant split view: a new thread gets a greeting and suggested prompts in Danish; each message shows the
 * engine's status ("Søger i biblioteket …") while it works, then the answer written into the thread as it is written
 * (answer-in-slack.ts), and the first question becomes the thread's title. Thread contexts live in the engine's Slack store (see thread-context-store.ts).
 */
import { Assistant } from '@slack/bolt';
import { answerInSlack } from './answer-in-slack.js';
import { messageKey } from './event-dedupe.js';
import { claimLeniently, recipientOf } from './register-conversation-listeners.js';
import type { SlackDeps } from './slack-deps.js';
import { SUGGESTED_PROMPTS } from './slack-texts.js';
import { createThreadContextStore } from './thread-context-store.js';
import { toInboundMessage, type SlackMessageLike } from './to-inbound-message.js';

/** The greeting posted when a user opens a new Assistant thread. */
export const ASSISTANT_GREETING =
  'Hej! Jeg er Kraftcenterets assistent. Spørg om metoder, eller om hvem der har prøvet noget lignende før – jeg svarer med kilder fra biblioteket.';

/**
 * Creates the Assistant for `app.assistant(...)`.
 *
 * @example
 * app.assistant(createAssistantPanel(deps));
 */
export function createAssistantPanel(deps: SlackDeps): Assistant {
  return new Assistant({
    threadContextStore: createThreadContextStore(deps.store),

    threadStarted: async ({ say, saveThreadContext, setSuggestedPrompts, logger }) => {
      try {
        await saveThreadContext();
        await say(ASSISTANT_GREETING);
        await setSuggestedPrompts({ title: SUGGESTED_PROMPTS.title, prompts: [...SUGGESTED_PROMPTS.prompts] });
      } catch (error) {
        logger.error(`slack: starting an Assistant thread failed: ${(error as Error).message}`);
      }
    },

    userMessage: async ({ message, client, context, setTitle }) => {
      const event = message as SlackMessageLike & { subtype?: string; thread_ts?: string };
      if ((event.subtype && event.subtype !== 'file_share') || (event.bot_id && !deps.config.allowBots) || !event.thread_ts) return;
      if (!(await claimLeniently(deps, messageKey(event.channel, event.ts)))) return;
      const asker = event.user ? await deps.users.lookup(client, event.user) : { audience: 'public' as const };
      const inbound = toInboundMessage(event, { ...asker, botUserId: context.botUserId }, true);
      // The status is set by the live answer; it and the title are niceties Slack may refuse in a plain DM thread.
      const recipient = event.user ? recipientOf(event.user, event, context.teamId) : undefined;
      await answerInSlack(deps, client, inbound, { channel: event.channel, threadTs: event.thread_ts, ...(recipient ? { recipient } : {}) });
      const title = inbound.text.replace(/\s+/g, ' ').slice(0, 60) || 'Samtale';
      try {
        if (await deps.store.claimThreadTitle(event.channel, event.thread_ts, title)) await setTitle(title);
      } catch (error) {
        deps.logger.debug('slack: setTitle failed', { error });
      }
    },
  });
}
