/**
 * The outbox's `DeliveryPort` for Slack users: an adviser's message (and "an adviser has taken over", "the bot is
 * back") is posted into the user's own Slack thread, found from the conversation's stored delivery reference (or,
 * for conversations stored without one, from its key `slack:<channel>:<thread ts>`). An answer the adapter could not
 * post live (kind `bot_reply`) is rendered exactly like a live answer – Block Kit with sources and buttons – and
 * posted where the question was; the engine's delivery path (bot/delivery) sends live answers through this port too,
 * so an answer looks the same whenever it arrives. Throwing means "retry later".
 */
import type { webApi } from '@slack/bolt';
import type { DeliveryPort, UserDelivery, UserDeliveryKind } from '../../bot/escalation/escalation-port.js';
import type { Logger } from '../../config/logger.js';
import { fromDeliveryRef, postAnswer, renderAnswer } from './answer-in-slack.js';
import type { RetryPolicy } from './post-with-retry.js';
import { escapeMrkdwn, markdownToMrkdwn } from './markdown-to-mrkdwn.js';
import { fallbackText, sectionBlock } from './render-reply.js';
import { SLACK_LIMITS, splitMrkdwn } from './split-mrkdwn.js';
import { deliveryRefFromConversationKey, parseDeliveryRef, SLACK_CHANNEL } from './to-inbound-message.js';

const PREFIX: Record<Exclude<UserDeliveryKind, 'bot_reply'>, string> = {
  adviser_joined: '🙋 ',
  adviser_message: '',
  bot_back: '🤖 ',
  queued: '⏳ ',
  cancelled: '🚫 ',
};

/** Options for {@link createSlackDeliveryPort}. */
export interface SlackDeliveryPortOptions {
  client: webApi.WebClient;
  /** A short in-process retry of answers (rate limits, outages) before the caller falls back to the outbox. @default one attempt */
  retry?: RetryPolicy;
  /** Where those retries are logged. */
  logger?: Logger;
}

/**
 * Creates the port for channel `slack`.
 *
 * @example
 * const port = createSlackDeliveryPort({ client });
 * await port.deliver({ conversationKey: 'slack:C1:1700000000.000100', channel: 'slack', kind: 'adviser_message', text: 'Hej!', authorName: 'Anna', language: 'da' });
 */
export function createSlackDeliveryPort(options: SlackDeliveryPortOptions): DeliveryPort {
  const { client, retry, logger } = options;
  const onRetry = (error: unknown, attempt: number, delayMs: number) => logger?.warn('slack: posting failed; retrying', { attempt, delayMs, error });
  return {
    channel: SLACK_CHANNEL,
    async deliver(delivery) {
      const ref = parseDeliveryRef(delivery.deliveryRef) ?? deliveryRefFromConversationKey(delivery.conversationKey);
      if (!ref) throw new Error(`no Slack delivery reference for conversation ${delivery.conversationKey}`);
      if (delivery.kind === 'bot_reply') {
        if (!delivery.reply) throw new Error(`bot_reply delivery without a reply for conversation ${delivery.conversationKey}`);
        const target = fromDeliveryRef(ref);
        await postAnswer(client, target, renderAnswer(delivery.reply, target), retry, onRetry);
        return;
      }
      const mrkdwn = formatDelivery(delivery);
      const message = { text: fallbackText(delivery.text), blocks: splitMrkdwn(mrkdwn).slice(0, SLACK_LIMITS.blocks).map(sectionBlock) };
      const thread = ref.thread_ts ? { thread_ts: ref.thread_ts } : {};
      if (ref.ephemeral && ref.user) {
        await client.chat.postEphemeral({ channel: ref.channel, user: ref.user, ...thread, ...message });
      } else {
        await client.chat.postMessage({ channel: ref.channel, ...thread, ...message, unfurl_links: false });
      }
    },
  };
}

/** The delivery as mrkdwn: an adviser's message under their name, notices with an emoji. */
export function formatDelivery(delivery: UserDelivery): string {
  const body = markdownToMrkdwn(delivery.text);
  if (delivery.kind === 'adviser_message') {
    const author = delivery.authorName ?? (delivery.language === 'en' ? 'Adviser' : 'Rådgiver');
    return `*${escapeMrkdwn(author)}:* ${body}`;
  }
  return delivery.kind === 'bot_reply' ? body : `${PREFIX[delivery.kind]}${body}`;
}
