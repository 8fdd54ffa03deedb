/**
 * Slack payloads → the engine's `IncomingMessage`. A conversation is a Slack channel (or DM) plus a thread: the
 * thread's ts for threaded talk (a mention starts a thread at its own ts, so follow-ups there continue it), '' for a
 * DM written without threads. Each message also carries where replies go (`deliveryRef`), for hand-offs.
 */
import type { IncomingMessage } from '../../bot/messages.js';
import { parseConversationKey } from '../../bot/store/conversation-store.js';
import type { Audience } from '../../knowledge/index.js';

/** The adapter's channel name in `IncomingMessage.channel` and in conversation keys. */
export const SLACK_CHANNEL = 'slack';

/**
 * Where to reach a conversation again (stored as `conversations.delivery_ref`): the Slack channel, the thread, and,
 * for answers only the asker sees, the user.
 */
export interface SlackDeliveryRef {
  channel: string;
  thread_ts?: string;
  /** Set with `ephemeral`: post with chat.postEphemeral to this user. */
  user?: string;
  ephemeral?: boolean;
  /** An answer queued in the outbox: the mrkdwn line shown above it (see answer-in-slack.ts). */
  intro?: string;
  /** The asker, to whom an answer is streamed (chat.startStream's recipient outside DMs). */
  recipient_user?: string;
  recipient_team?: string;
}

/** An `IncomingMessage` whose `deliveryRef` is a Slack one (the engine stores it with the conversation). */
export type SlackInboundMessage = IncomingMessage & { deliveryRef: SlackDeliveryRef };

/** The fields of a Slack message event the adapter reads. */
export interface SlackMessageLike {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  user?: string;
  bot_id?: string;
  /** The writer's workspace (Slack Connect: `user_team` differs from the channel's). */
  team?: string;
  user_team?: string;
}

/** Who is asking, as the adapter knows it. */
export interface SlackAsker {
  audience: Audience;
  displayName?: string;
  /** The bot's own user id: mentions of it are removed from the text. */
  botUserId?: string;
}

/**
 * Converts a message or mention. `threaded`: reply in a thread (mentions, channels) rather than at the top level
 * of a DM.
 *
 * @example
 * toInboundMessage({ channel: 'C1', ts: '1.1', text: '<@UBOT> hvem?', user: 'U1' }, { audience: 'internal', botUserId: 'UBOT' }, true)
 * // { channel: 'slack', conversationId: 'C1', threadId: '1.1', text: 'hvem?', … }
 */
export function toInboundMessage(event: SlackMessageLike, asker: SlackAsker, threaded: boolean): SlackInboundMessage {
  const threadId = event.thread_ts ?? (threaded ? event.ts : '');
  return {
    channel: SLACK_CHANNEL,
    conversationId: event.channel,
    threadId,
    user: { id: event.user ?? event.bot_id ?? 'unknown', audience: asker.audience, ...(asker.displayName ? { displayName: asker.displayName } : {}) },
    text: slackTextToPlain(event.text ?? '', asker.botUserId),
    messageId: event.ts,
    deliveryRef: { channel: event.channel, ...(threadId ? { thread_ts: threadId } : {}) },
  };
}

/**
 * Slack's markup → the plain text the engine reads: the bot's own mention removed, other mentions and channel links
 * made readable, `<url|text>` → `text (url)`, entities decoded.
 */
export function slackTextToPlain(text: string, botUserId?: string): string {
  return text
    .replace(/<@([UW][A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, name?: string) => (id === botUserId ? '' : `@${name ?? id}`))
    .replace(/<#([CG][A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, name?: string) => `#${name || id}`)
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, '@$1')
    .replace(/<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>/g, (_m, name?: string) => name ?? '@gruppe')
    .replace(/<((?:https?:\/\/|mailto:)[^|>]+)\|([^>]+)>/g, (_m, url: string, label: string) => (label === url ? url : `${label} (${url.replace(/^mailto:/, '')})`))
    .replace(/<((?:https?:\/\/|mailto:)[^>]+)>/g, (_m, url: string) => url.replace(/^mailto:/, ''))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

/** Whether a channel id is a direct message (D…), where answers are never ephemeral. */
export function isDirectMessage(channelId: string): boolean {
  return channelId.startsWith('D');
}

/** Reads a stored delivery reference back; undefined when it is not a Slack one. */
export function parseDeliveryRef(value: unknown): SlackDeliveryRef | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const ref = value as Record<string, unknown>;
  if (typeof ref.channel !== 'string' || !ref.channel) return undefined;
  return {
    channel: ref.channel,
    ...(typeof ref.thread_ts === 'string' && ref.thread_ts ? { thread_ts: ref.thread_ts } : {}),
    ...(typeof ref.user === 'string' ? { user: ref.user } : {}),
    ...(ref.ephemeral === true ? { ephemeral: true } : {}),
    ...(typeof ref.intro === 'string' && ref.intro ? { intro: ref.intro } : {}),
    ...(typeof ref.recipient_user === 'string' && ref.recipient_user ? { recipient_user: ref.recipient_user } : {}),
    ...(typeof ref.recipient_team === 'string' && ref.recipient_team ? { recipient_team: ref.recipient_team } : {}),
  };
}

/**
 * The delivery reference implied by a Slack conversation key (`slack:<channel>[:<thread ts>]`), for conversations
 * stored before the engine kept delivery references.
 */
export function deliveryRefFromConversationKey(key: string): SlackDeliveryRef | undefined {
  const parts = parseConversationKey(key);
  if (parts?.channel !== SLACK_CHANNEL || !SLACK_CONVERSATION_ID.test(parts.externalId)) return undefined;
  if (parts.threadId && !SLACK_TS.test(parts.threadId)) return undefined;
  return { channel: parts.externalId, ...(parts.threadId ? { thread_ts: parts.threadId } : {}) };
}

/** A Slack channel, DM or group id, and a message ts. */
const SLACK_CONVERSATION_ID = /^[CDG][A-Z0-9]+$/;
const SLACK_TS = /^\d+\.\d+$/;
