/**
 * The ways to ask: mention the bot in a channel (answered in the thread; the asker's later replies there need no
 * mention), write to it in a DM, write in a configured answer channel, or use the slash command (`/spørg del` opens
 * the "Del jeres erfaring" form instead). Events are acknowledged by Bolt before these run; each message is
 * claimed once (an `app_mention` and a `message` event for the same message give one answer).
 */
import type { App, webApi } from '@slack/bolt';
import { answerInSlack, type AnswerTarget } from './answer-in-slack.js';
import { messageKey } from './event-dedupe.js';
import { escapeMrkdwn } from './markdown-to-mrkdwn.js';
import { openSubmissionModal } from './register-submission-listeners.js';
import { renderReply } from './render-reply.js';
import type { SlackDeps } from './slack-deps.js';
import { isDirectMessage, toInboundMessage, type SlackMessageLike } from './to-inbound-message.js';
import { slackTexts } from './slack-texts.js';
import { detectLanguage } from '../../knowledge/index.js';

/** The slash command's subcommand that opens the case-submission form. */
const SHARE_SUBCOMMAND = /^(del|share)$/i;

/** Message subtypes that are people writing (everything else – edits, joins, bot posts – is ignored). */
const ANSWERABLE_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

/** @internal Registers mention, message and slash-command listeners. */
export function registerConversationListeners(app: App, deps: SlackDeps): void {
  const { config } = deps;

  app.event('app_mention', async ({ event, client, context }) => {
    if (event.bot_id && !config.allowBots) return;
    if (event.channel === config.adviserChannel && event.thread_ts) return; // advisers talking in a card's thread
    await answerMessage(deps, client, event, context, true);
  });

  app.message(async ({ message, client, context }) => {
    const event = message as SlackMessageLike & { subtype?: string; channel_type?: string };
    const fromBot = Boolean(event.bot_id) || event.subtype === 'bot_message';
    if (fromBot ? !config.allowBots : !ANSWERABLE_SUBTYPES.has(event.subtype)) return;
    if (event.channel === config.adviserChannel) return; // the advisers' own channel: handled by the adviser listeners
    if (context.botUserId && event.text?.includes(`<@${context.botUserId}>`)) return; // the app_mention answers it
    if (event.channel_type === 'im') return void (await answerMessage(deps, client, event, context, false));
    if (config.answerChannels.includes(event.channel)) return void (await answerMessage(deps, client, event, context, true));
    // A reply, without a mention, in a thread where this user asked the bot: the conversation goes on.
    if (event.thread_ts && event.user && (await deps.store.isOwnThread(event.channel, event.thread_ts, event.user).catch(() => false))) {
      await answerMessage(deps, client, event, context, true);
    }
  });

  app.command(config.slashCommand, async ({ command, ack, client, respond }) => {
    await ack();
    const question = command.text.trim();
    // `/spørg del` (or `share`) opens the "Del jeres erfaring" form instead of asking.
    if (SHARE_SUBCOMMAND.test(question)) {
      const language = (await deps.users.lookup(client, command.user_id)).language ?? 'da';
      await openSubmissionModal(deps, client, command.trigger_id, { language });
      return;
    }
    if (!question) {
      await respond({ response_type: 'ephemeral', text: `Skriv dit spørgsmål efter kommandoen, fx \`${config.slashCommand} hvem har arbejdet med velfærdsteknologi?\`` });
      return;
    }
    const user = await deps.users.lookup(client, command.user_id);
    const asker = { audience: user.audience, displayName: command.user_name || user.displayName };
    // Post the question so the answer has a thread to live in (follow-ups there continue the conversation).
    let threadTs: string | undefined;
    try {
      const posted = await client.chat.postMessage({ channel: command.channel_id, text: `<@${command.user_id}> spurgte: ${escapeMrkdwn(question)}` });
      threadTs = posted.ts;
    } catch (error) {
      deps.logger.info('slack: could not post the slash question in the channel; answering privately', { channel: command.channel_id, error });
    }
    if (threadTs) {
      await deps.store.rememberThread(command.channel_id, threadTs, command.user_id).catch(() => undefined);
      const inbound = toInboundMessage({ channel: command.channel_id, ts: threadTs, text: question, user: command.user_id }, asker, true);
      await answerInSlack(deps, client, inbound, { channel: command.channel_id, threadTs, recipient: { userId: command.user_id, teamId: command.team_id } });
      return;
    }
    // The bot is not in the channel: answer ephemerally; hand-off messages would reach the user in a DM.
    const inbound = {
      ...toInboundMessage({ channel: command.channel_id, ts: command.trigger_id, text: question, user: command.user_id }, asker, false),
      threadId: `slash-${command.user_id}`,
      deliveryRef: { channel: command.user_id },
    };
    try {
      const reply = await deps.engine.handleMessage(inbound);
      await respond({ response_type: 'ephemeral', ...renderReply(reply, { threadId: inbound.threadId }) });
    } catch (error) {
      deps.logger.error('slack: slash command answer failed', { error });
      await respond({ response_type: 'ephemeral', text: slackTexts(detectLanguage(question)).apology }).catch(() => undefined);
    }
  });
}

/** Answers a message or mention once, in its thread (or at the top of a DM), ephemerally when so configured. */
export async function answerMessage(
  deps: SlackDeps,
  client: webApi.WebClient,
  event: SlackMessageLike,
  context: { botUserId?: string; teamId?: string },
  threaded: boolean,
): Promise<void> {
  const { botUserId } = context;
  if (!(await claimLeniently(deps, messageKey(event.channel, event.ts)))) return;
  const asker = event.user ? await deps.users.lookup(client, event.user) : { audience: 'public' as const };
  const inbound = toInboundMessage(event, { ...asker, botUserId }, threaded);
  const target: AnswerTarget = {
    channel: event.channel,
    ...(inbound.threadId ? { threadTs: inbound.threadId } : {}),
    ...(event.user ? { recipient: recipientOf(event.user, event, context.teamId) } : {}),
  };
  if (inbound.threadId && event.user && !isDirectMessage(event.channel)) {
    await deps.store.rememberThread(event.channel, inbound.threadId, event.user).catch((error: unknown) => deps.logger.warn('slack: could not record the thread', { error }));
  }
  if (deps.config.ephemeralInPublic && !isDirectMessage(event.channel) && event.user) {
    target.ephemeralUser = event.user;
    inbound.deliveryRef = { ...inbound.deliveryRef, user: event.user, ephemeral: true };
  }
  await answerInSlack(deps, client, inbound, target);
}

/** The asker as the recipient of a streamed answer: their team from the event (Slack Connect), else the workspace's. */
export function recipientOf(userId: string, event: { user_team?: string; team?: string }, teamId: string | undefined): { userId: string; teamId?: string } {
  const team = event.user_team ?? event.team ?? teamId;
  return { userId, ...(team ? { teamId: team } : {}) };
}

/** Claims a key (the engine's claimOnce); a database failure lets the message through (a rare duplicate beats silence). */
export async function claimLeniently(deps: Pick<SlackDeps, 'records' | 'logger'>, key: string): Promise<boolean> {
  try {
    return await deps.records.claimOnce(key);
  } catch (error) {
    deps.logger.warn('slack: could not record the message; answering anyway', { key, error });
    return true;
  }
}
