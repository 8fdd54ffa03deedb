/**
 * The outbox's `DeliveryPort` for Slack users: an adviser's message (and "an adviser has taken over", "the bot is
 * back") is posted into the user's own Slack thread, found from the conversation's stored delivery reference (or,
 * for conversations stored without one, from its key `slack:<channel>:<thread ts>`). An answer the adapter could not
 * post live (kind `bot_reply`) is rendered exactly like a live answer – Block Kit with sources and buttons – and
 * posted where the question was; the engine's delivery path (bot/delivery) sends live answers through this port too,
 * so an answer looks the same whenever it arrives; a reply with nothing to show (the question went to an adviser) is
 * not posted. Throwing means "retry later". In a thread (and at the top of a DM) an answer can also be written while
 * the engine writes it (`openLive`, slack-live-reply.ts); answers only the asker sees (ephemeral) are not.
 */
import type { webApi } from '@slack/bolt';
import type { LiveTarget, StreamingDeliveryPort } from '../../bot/delivery/index.js';
import type { BotReply } from '../../bot/messages.js';
import type { UserDelivery, UserDeliveryKind } from '../../bot/escalation/escalation-port.js';
import type { Logger } from '../../config/logger.js';
import { fromDeliveryRef, postAnswer, renderAnswer } from './answer-in-slack.js';
import { createSlackLiveReply, createSlackRefusals, hasContent, type SlackLiveReply } from './slack-live-reply.js';
import type { LivePacing } from '../../bot/delivery/index.js';
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
  /** How fast answers being written change. @default ONE_CHANGE_A_SECOND (one change a second) */
  streamPacing?: LivePacing;
}

/** What a caller can add when opening a live reply. */
export interface OpenLiveOptions {
  /** Sends the final reply whole when nothing was shown before it (see SlackLiveReplyOptions.sendWhole). */
  sendWhole?(reply: BotReply): Promise<void>;
}

/** The Slack delivery port: it can also write an answer while it is written. */
export interface SlackDeliveryPort extends StreamingDeliveryPort {
  /** A live reply at the target's thread or DM; undefined for ephemeral answers (never streamed). */
  openLive(target: LiveTarget, options?: OpenLiveOptions): Promise<SlackLiveReply | undefined>;
}

/**
 * Creates the port for channel `slack`.
 *
 * @example
 * const port = createSlackDeliveryPort({ client });
 * await port.deliver({ conversationKey: 'slack:C1:1700000000.000100', channel: 'slack', kind: 'adviser_message', text: 'Hej!', authorName: 'Anna', language: 'da' });
 */
export function createSlackDeliveryPort(options: SlackDeliveryPortOptions): SlackDeliveryPort {
  const { client, retry, logger } = options;
  const onRetry = (error: unknown, attempt: number, delayMs: number) => logger?.warn('slack: posting failed; retrying', { attempt, delayMs, error });
  // Channels where Slack refused the assistant status or streaming: not asked again (per process).
  const refused = createSlackRefusals();
  return {
    channel: SLACK_CHANNEL,
    async openLive(target, openOptions = {}) {
      const ref = parseDeliveryRef(target.deliveryRef) ?? deliveryRefFromConversationKey(target.conversationKey);
      if (!ref || ref.ephemeral) return undefined;
      const answerTarget = fromDeliveryRef(ref);
      return createSlackLiveReply({
        client,
        target: answerTarget,
        render: (reply) => renderAnswer(reply, answerTarget),
        ...(openOptions.sendWhole ? { sendWhole: openOptions.sendWhole } : {}),
        ...(options.streamPacing ? { pacing: options.streamPacing } : {}),
        ...(retry ? { retry } : {}),
        refused,
        ...(logger ? { logger } : {}),
      });
    },
    async deliver(delivery) {
      const ref = parseDeliveryRef(delivery.deliveryRef) ?? deliveryRefFromConversationKey(delivery.conversationKey);
      if (!ref) throw new Error(`no Slack delivery reference for conversation ${delivery.conversationKey}`);
      if (delivery.kind === 'bot_reply') {
        if (!delivery.reply) throw new Error(`bot_reply delivery without a reply for conversation ${delivery.conversationKey}`);
        if (!hasContent(delivery.reply)) return;
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
