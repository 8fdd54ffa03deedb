/**
 * Teams activity → the engine's `IncomingMessage`. The bot's own @mention is stripped (channels and group chats only
 * reach the bot through one); a channel's reply chain becomes the thread, so follow-ups in it continue the
 * conversation.
 */
import type { Activity, ConversationReference } from 'botbuilder';
import type { IncomingMessage } from '../../bot/index.js';
import type { Audience } from '../../knowledge/index.js';

/** The engine's channel name for Teams. */
export const TEAMS_CHANNEL = 'teams';

/** Where a Teams message belongs and who sent it, as the engine addresses it. */
export type TeamsAddress = Pick<IncomingMessage, 'channel' | 'conversationId' | 'threadId' | 'user'>;

/**
 * The reply chain of a channel message: Teams puts the root message id into the conversation id
 * (`19:…@thread.tacv2;messageid=1700000000000`). Personal and group chats have no threads ('').
 */
export function threadIdOf(activity: Pick<Activity, 'conversation' | 'id'>): string {
  if (activity.conversation?.conversationType !== 'channel') return '';
  const match = /;messageid=([^;]+)/.exec(activity.conversation.id ?? '');
  return match?.[1] ?? activity.id ?? '';
}

/** Conversation, thread and user of an activity (for messages, card actions and feedback alike). */
export function toTeamsAddress(activity: Activity, audience: Audience): TeamsAddress {
  return {
    channel: TEAMS_CHANNEL,
    conversationId: activity.conversation.id,
    threadId: threadIdOf(activity),
    user: {
      // The Entra object id is stable across chats and tenants' bots; the 29: id is per bot.
      id: activity.from.aadObjectId ?? activity.from.id,
      displayName: activity.from.name || undefined,
      audience,
    },
  };
}

/**
 * The question without the bot's @mention (every occurrence, unlike `TurnContext.removeRecipientMention`, which
 * removes only the first); other people's mentions keep their names. Teams' HTML entities are decoded.
 */
export function stripBotMention(activity: Pick<Activity, 'text' | 'entities' | 'recipient'>): string {
  let text = activity.text ?? '';
  const botId = activity.recipient?.id;
  const mentionTexts = (activity.entities ?? [])
    .filter((entity) => entity.type === 'mention' && (entity as { mentioned?: { id?: string } }).mentioned?.id === botId)
    .map((entity) => String((entity as { text?: unknown }).text ?? ''))
    .filter(Boolean);
  if (activity.recipient?.name) mentionTexts.push(`<at>${activity.recipient.name}</at>`);
  for (const mention of mentionTexts) text = text.split(mention).join(' ');
  return decodeEntities(text.replace(/<at>(.*?)<\/at>/g, '$1'))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The engine's message for a Teams `message` activity, with the conversation reference to reply to later. */
export function toInboundMessage(
  activity: Activity,
  audience: Audience,
): IncomingMessage & { deliveryRef: Partial<ConversationReference> } {
  return {
    ...toTeamsAddress(activity, audience),
    text: stripBotMention(activity),
    messageId: activity.id,
    deliveryRef: conversationReferenceOf(activity),
  };
}

/**
 * The reference `continueConversationAsync` needs, trimmed to what a proactive message uses (stored as JSON in
 * `conversations.delivery_ref`; refreshed on every message because Teams may move a tenant's serviceUrl).
 */
export function conversationReferenceOf(activity: Activity): Partial<ConversationReference> {
  return {
    channelId: activity.channelId,
    serviceUrl: activity.serviceUrl,
    conversation: activity.conversation,
    bot: activity.recipient,
    user: activity.from,
    locale: activity.locale,
  };
}

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(nbsp|amp|lt|gt|quot|apos|#39);/g, (_match, name: string) => ENTITIES[name] ?? _match);
}
