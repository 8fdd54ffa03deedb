/**
 * An answer written into a Slack thread while the engine writes it (docs.slack.dev "text streaming"):
 * - while the library is searched, the thread's assistant status (`assistant.threads.setStatus`; Slack clears it when
 *   the answer is posted). Where Slack does not allow it for a channel, it is not asked again for that channel;
 * - the text as it is written: `chat.startStream` with the first text (in a thread, to the asker as recipient), then
 *   `chat.appendStream` with what came since. Where Slack does not stream (a refused `chat.startStream`, no thread),
 *   the first text is posted with `chat.postMessage` and the message is rewritten with `chat.update`;
 * - the final answer: the stream is stopped (`chat.stopStream`) and the message is replaced by the rendered answer
 *   (`chat.update`: the checked final text, sources, cases, 👍 / 👎 with the reply's id and the adviser button), so a
 *   citation the engine removed disappears and an answer that fell back to the extractive one shows its notice.
 *   (`chat.stopStream`'s own `blocks` are only added under the streamed text, which must be replaced, and
 *   @slack/web-api's `chatStream` helper buffers by size, not time: the methods are called directly.)
 *
 * Pace: calls go out one at a time, the text at most once per `minIntervalMs` (buffered in between, sent whole with
 * the next call); a rate-limited update is skipped until Slack's Retry-After has passed, but the final answer is never
 * skipped (retried per the retry policy; if it still fails the caller sends it whole). A reply whose text arrives in
 * one piece with the final reply (anything but the model's streaming) shows nothing early: the first text waits one
 * turn of the event loop, so such an answer is posted once, whole, as before streaming.
 */
import { webApi } from '@slack/bolt';
import { ONE_CHANGE_A_SECOND, type LivePacing, type LiveReply } from '../../bot/delivery/index.js';
import type { BotReply } from '../../bot/messages.js';
import type { Logger } from '../../config/logger.js';
import type { AnswerTarget } from './answer-in-slack.js';
import { markdownToMrkdwn } from './markdown-to-mrkdwn.js';
import { DEFAULT_RETRY_POLICY, withSlackRetry, type RetryPolicy } from './post-with-retry.js';
import { fallbackText, sectionBlock, type RenderedMessage } from './render-reply.js';
import { SLACK_LIMITS, splitMrkdwn } from './split-mrkdwn.js';

/** A live reply in one Slack thread, which can also end with another message than an answer. */
export interface SlackLiveReply extends LiveReply {
  /** Replaces what was shown with `message` (an apology). False when nothing was shown yet: post it yourself. */
  end(message: RenderedMessage): Promise<boolean>;
  /** Resolves once the Slack calls under way (a paced change that just went out, say) have finished. */
  settled(): Promise<void>;
}

/** What {@link createSlackLiveReply} works with. */
export interface SlackLiveReplyOptions {
  client: webApi.WebClient;
  /** Where the answer goes (not ephemeral: those are never streamed). */
  target: AnswerTarget;
  /** Renders the final reply for `target` (answer-in-slack's renderAnswer). */
  render(reply: BotReply): RenderedMessage;
  /**
   * The final reply when nothing was shown yet (a reply written in one piece): send it whole, e.g. through the
   * delivery path. @default chat.postMessage once
   */
  sendWhole?(reply: BotReply): Promise<void>;
  pacing?: LivePacing;
  /** For the final chat.update. @default DEFAULT_RETRY_POLICY */
  retry?: RetryPolicy;
  /** Channels where Slack refused the status or the stream (shared by the port, so each channel is asked once). */
  refused?: SlackRefusals;
  logger?: Logger;
}

/** Channels where Slack refused a method for good (not allowed there, not enabled for the app). */
export interface SlackRefusals {
  status: Set<string>;
  stream: Set<string>;
}

/** A fresh record of refusals. */
export function createSlackRefusals(): SlackRefusals {
  return { status: new Set(), stream: new Set() };
}

/** idle: nothing shown; stream / message: text shown that way; stalled: no more changes until the final answer. */
type Mode = 'idle' | 'stream' | 'message' | 'stalled';

/** Slack's answer when a method cannot be used here (the fallback is then quiet, not an error). */
const REFUSALS = /not_allowed|not_supported|unknown_method|missing_scope|no_permission|feature_not_enabled|channel_type_not_supported|not_in_channel/;

/**
 * Opens a live reply at `options.target`; nothing is sent until the first status or text. Where nothing could be
 * shown, the final answer is sent whole (`sendWhole`). `finish` and `end` throw when the final message could not
 * replace what was shown (it is then deleted, best effort): the caller sends the answer whole.
 *
 * @example
 * const live = createSlackLiveReply({ client, target: { channel: 'C1', threadTs: '1.1', recipient: { userId: 'U1', teamId: 'T1' } }, render });
 * await live.status('Søger i biblioteket …');
 * await live.append('Flere kommuner ');
 * await live.finish(reply);
 */
export function createSlackLiveReply(options: SlackLiveReplyOptions): SlackLiveReply {
  const { client, target, logger } = options;
  const pacing = options.pacing ?? ONE_CHANGE_A_SECOND;
  const refused = options.refused ?? createSlackRefusals();
  const channel = target.channel;
  const thread = target.threadTs ? { thread_ts: target.threadTs } : {};
  let mode: Mode = 'idle';
  let streamed = false;
  let ts: string | undefined;
  let text = '';
  let sentLength = 0;
  let pendingStatus: string | undefined;
  let statusShown = false;
  let lastText = Number.NEGATIVE_INFINITY;
  let lastStatus = Number.NEGATIVE_INFINITY;
  let blockedUntil = Number.NEGATIVE_INFINITY;
  let firstTextDue = false;
  let firstTextScheduled = false;
  let ended = false;
  let cancelTimer: (() => void) | undefined;
  let cancelFirstText: (() => void) | undefined;
  let chain: Promise<void> = Promise.resolve();

  /** Runs `job` after the jobs before it (a failed job fails its own caller only). */
  function serially<T>(job: () => Promise<T>): Promise<T> {
    const run = chain.then(job);
    chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  function schedule(ms: number): void {
    cancelTimer?.();
    cancelTimer = pacing.later(Math.max(0, ms), () => void serially(flush).catch(() => undefined));
  }

  /** Sends what is waiting when it is due; otherwise makes sure it goes out once it is. */
  async function flush(): Promise<void> {
    cancelTimer?.();
    cancelTimer = undefined;
    if (ended) return;
    if (text.length > sentLength && mode !== 'stalled') {
      if (mode === 'idle' && !firstTextDue) {
        // One turn of the event loop: a reply that arrives whole right after its text is posted whole.
        if (!firstTextScheduled) {
          firstTextScheduled = true;
          cancelFirstText = pacing.later(0, () => {
            firstTextDue = true;
            void serially(flush).catch(() => undefined);
          });
        }
        return;
      }
      const wait = Math.max(lastText + pacing.minIntervalMs, blockedUntil) - pacing.now();
      if (wait > 0) return schedule(wait);
      return sendText();
    }
    if (pendingStatus !== undefined && mode === 'idle') {
      const wait = lastStatus + pacing.minIntervalMs - pacing.now();
      if (wait > 0) return schedule(wait);
      const status = pendingStatus;
      pendingStatus = undefined;
      await setStatus(status);
    }
  }

  async function setStatus(status: string): Promise<void> {
    if (!target.threadTs || refused.status.has(channel)) return;
    try {
      await client.assistant.threads.setStatus({ channel_id: channel, thread_ts: target.threadTs, status });
      lastStatus = pacing.now();
      statusShown = status !== '';
    } catch (error) {
      if (isRefusal(error)) refused.status.add(channel);
      logger?.debug('slack: the assistant status was not shown', { channel, error });
    }
  }

  async function sendText(): Promise<void> {
    const snapshot = text;
    if (mode === 'idle') {
      try {
        return await startMessage(snapshot);
      } catch (error) {
        // Nothing shown: the final answer goes whole (finish), the ordinary way with its retries and the outbox.
        mode = 'stalled';
        logger?.warn('slack: the answer could not be shown while written; it will be sent whole', { channel, error });
        return;
      }
    }
    try {
      if (mode === 'stream') await client.chat.appendStream({ channel, ts: ts!, markdown_text: snapshot.slice(sentLength) });
      else await client.chat.update({ channel, ts: ts!, ...partial(snapshot) });
      sentLength = snapshot.length;
      lastText = pacing.now();
    } catch (error) {
      if (error instanceof webApi.WebAPIRateLimitedError) {
        // Skipped, not lost: the text goes with the next change once Slack allows it (the final answer replaces it all).
        blockedUntil = pacing.now() + error.retryAfter * 1000;
        logger?.info('slack: rate limited while writing the answer; skipping updates', { channel, retryAfterS: error.retryAfter });
        return schedule(blockedUntil - pacing.now());
      }
      mode = 'stalled';
      logger?.warn('slack: the answer could not be updated while written; the final answer will replace it', { channel, error });
    }
  }

  /** Shows the first text: a stream where Slack allows it, else a message to rewrite. Throws when neither works. */
  async function startMessage(snapshot: string): Promise<void> {
    if (target.threadTs && !refused.stream.has(channel)) {
      try {
        const recipient = target.recipient
          ? { recipient_user_id: target.recipient.userId, ...(target.recipient.teamId ? { recipient_team_id: target.recipient.teamId } : {}) }
          : {};
        const started = await client.chat.startStream({ channel, thread_ts: target.threadTs, markdown_text: snapshot, ...recipient });
        if (!started.ts) throw new Error('slack: chat.startStream answered without a ts');
        mode = 'stream';
        streamed = true;
        ts = started.ts;
      } catch (error) {
        if (isRefusal(error)) refused.stream.add(channel);
        logger?.info('slack: streaming was not possible here; writing the answer by updating a message', { channel, error: errorCode(error) });
      }
    }
    if (mode === 'idle') {
      const posted = await client.chat.postMessage({ channel, ...thread, ...partial(snapshot), unfurl_links: false });
      if (!posted.ts) throw new Error('slack: chat.postMessage answered without a ts');
      mode = 'message';
      ts = posted.ts;
    }
    sentLength = snapshot.length;
    lastText = pacing.now();
  }

  /** Replaces the shown message with `message`, after stopping the stream. Deletes it (best effort) and throws if that fails. */
  async function replace(message: RenderedMessage): Promise<void> {
    if (streamed) {
      await client.chat
        .stopStream({ channel, ts: ts! })
        .catch((error: unknown) => logger?.debug('slack: chat.stopStream failed (the stream may have expired)', { channel, error: errorCode(error) }));
    }
    try {
      await updateWithFallback(client, channel, ts!, message, options.retry ?? DEFAULT_RETRY_POLICY);
    } catch (error) {
      // Never leave a half answer standing: the caller sends the final answer whole.
      await client.chat.delete({ channel, ts: ts! }).catch(() => undefined);
      throw error;
    }
  }

  /** No more changes before the end: timers off. */
  function stop(): void {
    ended = true;
    cancelTimer?.();
    cancelFirstText?.();
  }

  return {
    async status(statusText) {
      if (ended || text !== '' || mode !== 'idle') return;
      pendingStatus = statusText;
      await serially(flush);
    },
    async append(delta) {
      if (!delta || ended) return;
      text += delta;
      await serially(flush);
    },
    async finish(reply) {
      await serially(async () => {
        stop();
        if (!ts) {
          if (!hasContent(reply)) {
            if (statusShown) await setStatus('');
            return;
          }
          if (options.sendWhole) return options.sendWhole(reply);
          const message = options.render(reply);
          await client.chat.postMessage({ channel, ...thread, ...message, unfurl_links: false });
          return;
        }
        if (!hasContent(reply)) {
          await client.chat.delete({ channel, ts }).catch(() => undefined);
          return;
        }
        await replace(options.render(reply));
      });
    },
    settled() {
      return serially(async () => undefined);
    },
    async end(message) {
      return serially(async () => {
        stop();
        if (!ts) return false;
        await replace(message);
        return true;
      });
    },
  };
}

/** Whether a reply has anything to show (one that went to an adviser may not). */
export function hasContent(reply: BotReply): boolean {
  return reply.text.trim() !== '' || reply.cases.length > 0 || reply.notices.length > 0;
}

/** The text written so far as a message: mrkdwn sections within Slack's limits. */
function partial(markdown: string): RenderedMessage {
  const blocks = splitMrkdwn(markdownToMrkdwn(markdown)).slice(0, SLACK_LIMITS.blocks).map(sectionBlock);
  return { text: fallbackText(markdown), blocks };
}

/** chat.update with retries; blocks Slack refuses go as plain text (as answer-in-slack's postAnswer does). */
async function updateWithFallback(client: webApi.WebClient, channel: string, ts: string, message: RenderedMessage, policy: RetryPolicy): Promise<void> {
  try {
    await withSlackRetry(() => client.chat.update({ channel, ts, ...message }), policy);
  } catch (error) {
    if (!(error instanceof webApi.WebAPIPlatformError && /invalid_blocks|msg_too_long|invalid_arguments/.test(error.data.error))) throw error;
    await withSlackRetry(() => client.chat.update({ channel, ts, text: message.text, blocks: [sectionBlock(message.text)] }), policy);
  }
}

function isRefusal(error: unknown): boolean {
  return error instanceof webApi.WebAPIPlatformError && REFUSALS.test(error.data.error);
}

function errorCode(error: unknown): unknown {
  return error instanceof webApi.WebAPIPlatformError ? error.data.error : error;
}
