/**
 * One question, one answer in Slack: the engine's answer is written into the thread as it is written (status while
 * the library is searched, then the text, then the final answer with sources and buttons in its place; see
 * slack-live-reply.ts), or, for answers only the asker sees (ephemeral), posted whole once it is ready. Answers go
 * through the engine's one delivery path (bot/delivery): in order per conversation, live through the Slack delivery
 * port (a rate limit or an outage is retried briefly in process), and, if Slack still fails, into the outbox (a
 * `bot_reply` user delivery), whose dispatcher posts it later with backoff through the same port, rendered the same
 * way – so a failing Slack API loses no answer. Other failures (the engine, the database, blocks Slack refuses even as
 * plain text) end in a short apology in the thread, in place of a half-written answer.
 */
import { webApi } from '@slack/bolt';
import type { ReplyOutcome, StreamingDeliveryPort } from '../../bot/delivery/index.js';
import type { BotReply } from '../../bot/messages.js';
import { conversationKey } from '../../bot/store/conversation-store.js';
import { detectLanguage } from '../../knowledge/index.js';
import { contextBlock, fallbackText, renderReply, sectionBlock, type RenderedMessage } from './render-reply.js';
import { SLACK_LIMITS } from './split-mrkdwn.js';
import type { SlackDeps } from './slack-deps.js';
import type { SlackLiveReply } from './slack-live-reply.js';
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
  /** The asker, to whom the answer is streamed (Slack wants them named outside DMs). */
  recipient?: { userId: string; teamId?: string };
}

/**
 * Answers `message` at `target`, after the conversation's earlier answers. Returns the engine's reply (undefined when
 * the engine failed).
 *
 * @example
 * await answerInSlack(deps, client, toInboundMessage(event, asker, true), { channel: event.channel, threadTs: event.ts });
 */
export async function answerInSlack(
  deps: Pick<SlackDeps, 'engine' | 'logger' | 'delivery' | 'port'>,
  client: webApi.WebClient,
  message: SlackInboundMessage,
  target: AnswerTarget,
): Promise<BotReply | undefined> {
  const conversation = conversationKey(message.channel, message.conversationId, message.threadId);
  return deps.delivery.inOrder(conversation, () => streamAnswer(deps, client, message, target, conversation));
}

/** Streams the engine's answer to `target` (whole where Slack cannot stream); apologises when it fails. Never throws. */
async function streamAnswer(
  deps: Pick<SlackDeps, 'engine' | 'logger' | 'delivery' | 'port'>,
  client: webApi.WebClient,
  message: SlackInboundMessage,
  target: AnswerTarget,
  conversation: string,
): Promise<BotReply | undefined> {
  const deliveryRef = toDeliveryRef(target);
  const options = { retryLater: isRetryableSlackError };
  let live: SlackLiveReply | undefined;
  // The outcome of a final reply sent whole from inside the live reply (nothing had been shown yet).
  let wholeOutcome: ReplyOutcome | undefined;
  const port: StreamingDeliveryPort = {
    channel: deps.port.channel,
    deliver: (delivery) => deps.port.deliver(delivery),
    openLive: async (liveTarget) =>
      (live = await deps.port.openLive(liveTarget, {
        sendWhole: async (reply) => {
          wholeOutcome = await deps.delivery.sendReply(deps.port, { conversationKey: conversation, channel: SLACK_CHANNEL, deliveryRef, reply }, options);
        },
      })),
  };
  try {
    const { outcome, reply } = await deps.delivery.streamReply(
      port,
      deps.engine.streamMessage(message),
      { conversationKey: conversation, channel: SLACK_CHANNEL, deliveryRef },
      options,
    );
    if ((wholeOutcome ?? outcome).status === 'failed') await postApology(deps, client, target, reply.language);
    return reply;
  } catch (error) {
    deps.logger.error('slack: the engine failed; apologising in the thread', { channel: target.channel, error });
    // No reply to take the language from: the user's own words decide it.
    const language = detectLanguage(message.text);
    const apology = slackTexts(language).apology;
    const replaced = await live?.end({ text: fallbackText(apology), blocks: [sectionBlock(apology)] }).catch(() => false);
    if (!replaced) await postApology(deps, client, target, language);
    return undefined;
  }
}

/**
 * Posts the engine's reply at `target` through the delivery path: live through the Slack port, or into the outbox of
 * conversation `conversation` when Slack is rate limiting or down, or while an earlier answer of the conversation is
 * still waiting there (answers stay in order). Blocks Slack refuses go as plain text (the port); other failures end
 * in the apology. Never throws.
 */
export async function postReply(
  deps: Pick<SlackDeps, 'logger' | 'delivery' | 'port'>,
  client: webApi.WebClient,
  target: AnswerTarget,
  reply: BotReply,
  conversation: string,
): Promise<void> {
  const queued = { conversationKey: conversation, channel: SLACK_CHANNEL, deliveryRef: toDeliveryRef(target), reply };
  const outcome = await deps.delivery.sendReply(deps.port, queued, { retryLater: isRetryableSlackError });
  if (outcome.status === 'failed') await postApology(deps, client, target, reply.language);
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
    ...(target.recipient ? { recipient_user: target.recipient.userId, ...(target.recipient.teamId ? { recipient_team: target.recipient.teamId } : {}) } : {}),
  };
}

/** The answer target of a stored delivery reference. */
export function fromDeliveryRef(ref: SlackDeliveryRef): AnswerTarget {
  return {
    channel: ref.channel,
    ...(ref.thread_ts ? { threadTs: ref.thread_ts } : {}),
    ...(ref.ephemeral && ref.user ? { ephemeralUser: ref.user } : {}),
    ...(ref.intro ? { intro: ref.intro } : {}),
    ...(ref.recipient_user ? { recipient: { userId: ref.recipient_user, ...(ref.recipient_team ? { teamId: ref.recipient_team } : {}) } } : {}),
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
