/**
 * One question, one answer in Slack: ask the engine, render the reply, post it where the question was (in the
 * thread, or ephemerally to the asker), retrying rate limits and outages a few times. Whatever fails, the user gets
 * a short apology in the thread rather than silence.
 */
import { webApi } from '@slack/bolt';
import type { BotReply } from '../../bot/messages.js';
import { contextBlock, fallbackText, renderReply, sectionBlock, type RenderedMessage } from './render-reply.js';
import { SLACK_LIMITS } from './split-mrkdwn.js';
import type { SlackDeps } from './slack-deps.js';
import { slackTexts } from './slack-texts.js';
import { withSlackRetry } from './post-with-retry.js';
import type { SlackInboundMessage } from './to-inbound-message.js';

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
  deps: Pick<SlackDeps, 'engine' | 'logger' | 'retry'>,
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
  const rendered = renderReply(reply, { threadId: message.threadId ?? '' });
  if (target.intro) rendered.blocks = [contextBlock(target.intro), ...rendered.blocks].slice(0, SLACK_LIMITS.blocks);
  await postRendered(deps, client, target, rendered, reply.language);
  return reply;
}

/**
 * Posts a rendered message with bounded retries. If Slack refuses the blocks, the plain text goes instead; if posting
 * fails for good, an apology is tried once. Never throws.
 */
export async function postRendered(
  deps: Pick<SlackDeps, 'logger' | 'retry'>,
  client: webApi.WebClient,
  target: AnswerTarget,
  message: RenderedMessage,
  language: BotReply['language'] = 'da',
): Promise<string | undefined> {
  try {
    return await post(deps, client, target, message);
  } catch (error) {
    if (error instanceof webApi.WebAPIPlatformError && /invalid_blocks|msg_too_long|invalid_arguments/.test(error.data.error)) {
      deps.logger.warn('slack: blocks refused; posting the text alone', { error: error.data.error });
      try {
        return await post(deps, client, target, { text: message.text, blocks: [sectionBlock(message.text)] });
      } catch (retryError) {
        error = retryError;
      }
    }
    deps.logger.error('slack: could not post the answer', { channel: target.channel, error });
    await postApology(deps, client, target, language);
    return undefined;
  }
}

async function post(
  deps: Pick<SlackDeps, 'logger' | 'retry'>,
  client: webApi.WebClient,
  target: AnswerTarget,
  message: RenderedMessage,
): Promise<string | undefined> {
  const thread = target.threadTs ? { thread_ts: target.threadTs } : {};
  const onRetry = (error: unknown, attempt: number, delayMs: number) =>
    deps.logger.warn('slack: posting failed; retrying', { attempt, delayMs, error });
  if (target.ephemeralUser) {
    const user = target.ephemeralUser;
    const result = await withSlackRetry(() => client.chat.postEphemeral({ channel: target.channel, user, ...thread, ...message }), deps.retry, onRetry);
    return result.message_ts;
  }
  const result = await withSlackRetry(() => client.chat.postMessage({ channel: target.channel, ...thread, ...message }), deps.retry, onRetry);
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
