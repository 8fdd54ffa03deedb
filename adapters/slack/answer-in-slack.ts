/**
 * One question, one answer in Slack: ask the engine, render the reply, post it where the question was (in the
 * thread, or ephemerally to the asker). A rate limit or an outage is retried briefly in process; if Slack still
 * fails, the reply goes to the outbox (a `bot_reply` user delivery), whose dispatcher posts it later with backoff
 * through the Slack delivery port, rendered the same way – so a failing Slack API loses no answer. Other failures
 * (the engine, the database, blocks Slack refuses even as plain text) end in a short apology in the thread.
 */
import { webApi } from '@slack/bolt';
import { enqueueBotReply, hasPendingBotReplies } from '../../bot/escalation/outbox-replies.js';
import type { BotReply } from '../../bot/messages.js';
import { conversationKey } from '../../bot/store/conversation-store.js';
import { contextBlock, fallbackText, renderReply, sectionBlock, type RenderedMessage } from './render-reply.js';
import { SLACK_LIMITS } from './split-mrkdwn.js';
import type { SlackDeps } from './slack-deps.js';
import { slackTexts } from './slack-texts.js';
import { isRetryableSlackError, withSlackRetry, type RetryPolicy } from './post-with-retry.js';
import { SLACK_CHANNEL, type SlackDeliveryRef, type SlackInboundMessage } from './to-inbound-message.js';

/** Where an answer goes. */
export interface AnswerTarget {
  channel: string;
  /** Thread to answer in; undefined for the top level of a DM. */
  threadTs?: string;
  /** Post with chat.postEphemeral, visible to this user only. */
  ephemeralUser?: string;
  /** A line of mrkdwn shown above the answer (e.g. which suggested question was clicked). */
  intro?: string;
}

/**
 * Answers `message` at `target`. Returns the engine's reply (undefined when the engine failed).
 *
 * @example
 * await answerInSlack(deps, client, toInboundMessage(event, asker, true), { channel: event.channel, threadTs: event.ts });
 */
export async function answerInSlack(
  deps: Pick<SlackDeps, 'engine' | 'logger' | 'retry' | 'db'>,
  client: webApi.WebClient,
  message: SlackInboundMessage,
  target: AnswerTarget,
): Promise<BotReply | undefined> {
  let reply: BotReply;
  try {
    reply = await deps.engine.handleMessage(message);
  } catch (error) {
    deps.logger.error('slack: the engine failed; apologising in the thread', { channel: target.channel, error });
    await postApology(deps, client, target);
    return undefined;
  }
  // A reply with nothing to show (the message went to an adviser, say) is not posted.
  if (!reply.text.trim() && reply.cases.length === 0 && reply.notices.length === 0) return reply;
  await postReply(deps, client, target, reply, conversationKey(message.channel, message.conversationId, message.threadId));
  return reply;
}

/**
 * Posts the engine's reply at `target`: a few quick attempts; if Slack is rate limiting or down, the reply goes to
 * the outbox of conversation `conversation` (see the module comment), as it does at once while an earlier answer of
 * the conversation is still waiting there (answers stay in order). Blocks Slack refuses go as plain text; other
 * failures end in the apology. Never throws.
 */
export async function postReply(
  deps: Pick<SlackDeps, 'logger' | 'retry' | 'db'>,
  client: webApi.WebClient,
  target: AnswerTarget,
  reply: BotReply,
  conversation: string,
): Promise<void> {
  const queue = () => enqueueBotReply(deps.db, { conversationKey: conversation, channel: SLACK_CHANNEL, deliveryRef: toDeliveryRef(target), reply });
  const waiting = await hasPendingBotReplies(deps.db, conversation).catch((error: unknown) => {
    deps.logger.warn('slack: could not look at the outbox; posting the answer now', { error });
    return false;
  });
  if (waiting) {
    try {
      await queue();
      deps.logger.info('slack: an earlier answer of the conversation is waiting; this one queues behind it', { channel: target.channel, replyId: reply.replyId });
      return;
    } catch (error) {
      deps.logger.error('slack: could not queue the answer in the outbox; posting it now', { channel: target.channel, error });
    }
  }
  try {
    await postAnswer(client, target, renderAnswer(reply, target), deps.retry, (error, attempt, delayMs) =>
      deps.logger.warn('slack: posting failed; retrying', { attempt, delayMs, error }));
    return;
  } catch (error) {
    if (isRetryableSlackError(error)) {
      try {
        await queue();
        deps.logger.warn('slack: Slack is failing; the answer will be posted from the outbox', { channel: target.channel, replyId: reply.replyId, error });
        return;
      } catch (outboxError) {
        deps.logger.error('slack: could not queue the answer in the outbox', { channel: target.channel, error: outboxError });
      }
    } else {
      deps.logger.error('slack: could not post the answer', { channel: target.channel, error });
    }
  }
  await postApology(deps, client, target, reply.language);
}

/** The reply as Slack shows it at `target`: Block Kit, with the target's intro line on top. */
export function renderAnswer(reply: BotReply, target: AnswerTarget): RenderedMessage {
  const rendered = renderReply(reply, { threadId: target.threadTs ?? '' });
  if (target.intro) rendered.blocks = [contextBlock(target.intro), ...rendered.blocks].slice(0, SLACK_LIMITS.blocks);
  return rendered;
}

/**
 * Posts a rendered answer, retrying rate limits and outages per `policy`. If Slack refuses the blocks, the plain
 * text goes instead. Throws the last error when that fails too.
 */
export async function postAnswer(
  client: webApi.WebClient,
  target: AnswerTarget,
  message: RenderedMessage,
  policy: RetryPolicy = { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void,
): Promise<string | undefined> {
  try {
    return await post(client, target, message, policy, onRetry);
  } catch (error) {
    if (!(error instanceof webApi.WebAPIPlatformError && /invalid_blocks|msg_too_long|invalid_arguments/.test(error.data.error))) throw error;
    return post(client, target, { text: message.text, blocks: [sectionBlock(message.text)] }, policy, onRetry);
  }
}

/** Where a queued answer goes, as the Slack delivery port reads it back ({@link fromDeliveryRef}). */
export function toDeliveryRef(target: AnswerTarget): SlackDeliveryRef {
  return {
    channel: target.channel,
    ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
    ...(target.ephemeralUser ? { user: target.ephemeralUser, ephemeral: true } : {}),
    ...(target.intro ? { intro: target.intro } : {}),
  };
}

/** The answer target of a stored delivery reference. */
export function fromDeliveryRef(ref: SlackDeliveryRef): AnswerTarget {
  return {
    channel: ref.channel,
    ...(ref.thread_ts ? { threadTs: ref.thread_ts } : {}),
    ...(ref.ephemeral && ref.user ? { ephemeralUser: ref.user } : {}),
    ...(ref.intro ? { intro: ref.intro } : {}),
  };
}

async function post(
  client: webApi.WebClient,
  target: AnswerTarget,
  message: RenderedMessage,
  policy: RetryPolicy,
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void,
): Promise<string | undefined> {
  const thread = target.threadTs ? { thread_ts: target.threadTs } : {};
  if (target.ephemeralUser) {
    const user = target.ephemeralUser;
    const result = await withSlackRetry(() => client.chat.postEphemeral({ channel: target.channel, user, ...thread, ...message }), policy, onRetry);
    return result.message_ts;
  }
  const result = await withSlackRetry(() => client.chat.postMessage({ channel: target.channel, ...thread, ...message }), policy, onRetry);
  return result.ts;
}

/** The short apology, posted once without retries (Slack may be the thing that is failing). */
export async function postApology(
  deps: Pick<SlackDeps, 'logger'>,
  client: webApi.WebClient,
  target: AnswerTarget,
  language: BotReply['language'] = 'da',
): Promise<void> {
  const text = slackTexts(language).apology;
  const thread = target.threadTs ? { thread_ts: target.threadTs } : {};
  try {
    if (target.ephemeralUser) await client.chat.postEphemeral({ channel: target.channel, user: target.ephemeralUser, text, ...thread });
    else await client.chat.postMessage({ channel: target.channel, text: fallbackText(text), ...thread });
  } catch (error) {
    deps.logger.error('slack: could not post the apology either', { channel: target.channel, error });
  }
}
