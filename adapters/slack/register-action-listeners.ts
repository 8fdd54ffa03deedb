/**
 * The buttons under an answer: 👍 / 👎 (stored through `engine.recordFeedback`, thanked ephemerally, with an offer of
 * an adviser after 👎), "Tal med en rådgiver" (`engine.requestAdviser`, answered in the thread) and the suggested
 * follow-up questions (answered like a message in the same conversation).
 */
import type { App, BlockAction, ButtonAction, types, webApi } from '@slack/bolt';
import { conversationKey } from '../../bot/store/conversation-store.js';
import { answerInSlack, postReply, type AnswerTarget } from './answer-in-slack.js';
import { escapeMrkdwn } from './markdown-to-mrkdwn.js';
import { ACTION_IDS, button, decodeThreadValue, encodeThreadValue, sectionBlock } from './render-reply.js';
import type { SlackDeps } from './slack-deps.js';
import { slackTexts } from './slack-texts.js';
import { SLACK_CHANNEL, toInboundMessage } from './to-inbound-message.js';

/** Where a clicked message sits: its channel, its thread ('' at the top of a DM), whether only the clicker sees it. */
export interface ClickedMessage {
  channel: string;
  threadId: string;
  ephemeral: boolean;
}

/** @internal Reads the clicked message's place from a `block_actions` payload. */
export function locateClick(body: BlockAction): ClickedMessage {
  const container = (body.container ?? {}) as { channel_id?: string; thread_ts?: string; is_ephemeral?: boolean };
  const message = body.message as { thread_ts?: string } | undefined;
  return {
    channel: body.channel?.id ?? container.channel_id ?? '',
    threadId: message?.thread_ts ?? container.thread_ts ?? '',
    ephemeral: container.is_ephemeral === true,
  };
}

/** @internal Registers the answer buttons' listeners. */
export function registerActionListeners(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(/^kc_feedback_(up|down)$/, async ({ ack, action, body, client }) => {
    await ack();
    const where = locateClick(body);
    const value = action.action_id === ACTION_IDS.feedbackUp ? 'up' : 'down';
    let text: string;
    let offerAdviser = false;
    try {
      const result = await deps.engine.recordFeedback({ replyId: action.value ?? '', value, userId: body.user.id, channel: SLACK_CHANNEL });
      text = result.message;
      offerAdviser = result.ok && result.offerAdviser;
    } catch (error) {
      deps.logger.error('slack: storing feedback failed', { error });
      text = slackTexts().apology;
    }
    const blocks = [sectionBlock(escapeMrkdwn(text))];
    if (offerAdviser) {
      blocks.push({ type: 'actions', elements: [button(ACTION_IDS.escalate, slackTexts().talkToAdviser, encodeThreadValue(where.threadId), 'primary')] });
    }
    await postEphemeral(deps, client, where, body.user.id, text, blocks);
  });

  app.action<BlockAction<ButtonAction>>(ACTION_IDS.escalate, async ({ ack, action, body, client }) => {
    await ack();
    const where = locateClick(body);
    const threadId = decodeThreadValue(action.value) ?? where.threadId;
    const target = targetFor(where, threadId, body.user.id);
    try {
      const user = await deps.users.lookup(client, body.user.id);
      const displayName = user.displayName ?? body.user.name;
      const reply = await deps.engine.requestAdviser({
        channel: SLACK_CHANNEL,
        conversationId: where.channel,
        threadId,
        user: { id: body.user.id, audience: user.audience, ...(displayName ? { displayName } : {}) },
      });
      await postReply(deps, client, target, reply, conversationKey(SLACK_CHANNEL, where.channel, threadId));
    } catch (error) {
      deps.logger.error('slack: requesting an adviser failed', { error });
      await postEphemeral(deps, client, where, body.user.id, slackTexts().apology);
    }
  });

  app.action<BlockAction<ButtonAction>>(new RegExp(`^${ACTION_IDS.followUpPrefix}\\d+$`), async ({ ack, action, body, client, context }) => {
    await ack();
    const where = locateClick(body);
    const question = action.value ?? '';
    const user = await deps.users.lookup(client, body.user.id);
    const inbound = toInboundMessage(
      { channel: where.channel, ts: action.action_ts, text: question, user: body.user.id, ...(where.threadId ? { thread_ts: where.threadId } : {}) },
      { audience: user.audience, displayName: body.user.name || user.displayName, botUserId: context.botUserId },
      false,
    );
    const teamId = (body.user as { team_id?: string }).team_id ?? body.team?.id;
    const target: AnswerTarget = {
      ...targetFor(where, where.threadId, body.user.id),
      intro: `<@${body.user.id}> spurgte: ${escapeMrkdwn(question)}`,
      recipient: { userId: body.user.id, ...(teamId ? { teamId } : {}) },
    };
    await answerInSlack(deps, client, inbound, target);
  });
}

function targetFor(where: ClickedMessage, threadId: string, userId: string): AnswerTarget {
  return { channel: where.channel, ...(threadId ? { threadTs: threadId } : {}), ...(where.ephemeral ? { ephemeralUser: userId } : {}) };
}

async function postEphemeral(
  deps: Pick<SlackDeps, 'logger'>,
  client: webApi.WebClient,
  where: ClickedMessage,
  user: string,
  text: string,
  blocks?: types.KnownBlock[],
): Promise<void> {
  try {
    await client.chat.postEphemeral({ channel: where.channel, user, text, ...(where.threadId ? { thread_ts: where.threadId } : {}), ...(blocks ? { blocks } : {}) });
  } catch (error) {
    deps.logger.warn('slack: could not post an ephemeral message', { channel: where.channel, error });
  }
}
