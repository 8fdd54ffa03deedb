/**
 * Conversations and their messages in Postgres. One conversation per (channel, conversation id, thread id).
 * Text is stored as given: callers mask personal data first.
 */
import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../../knowledge/index.js';
import type { PreviousTurn } from '../conversation-turn.js';
import type { CaseCard, Citation, IncomingMessage, Language } from '../messages.js';
import { ConversationAccessError } from './conversation-access-error.js';

export interface ConversationRecord {
  id: string;
  channel: string;
  externalId: string;
  threadId: string;
  userId?: string;
  userName?: string;
  /** The anonymous user the conversation belongs to (see `IncomingMessage.user.anonymous`); absent when shared. */
  ownerId?: string;
  audience: 'public' | 'internal';
  language: Language;
  deliveryRef?: unknown;
}

export type MessageRole = 'user' | 'bot' | 'adviser' | 'system';

export interface StoredMessage {
  id: string;
  conversationId: string;
  role: MessageRole;
  text: string;
  authorId?: string;
  authorName?: string;
  intent?: string;
  mode?: string;
  confidence?: number;
  citations: Citation[];
  cases: CaseCard[];
  turn?: PreviousTurn;
  createdAt: string;
}

export interface NewMessage {
  id?: string;
  role: MessageRole;
  text: string;
  authorId?: string;
  authorName?: string;
  intent?: string;
  mode?: string;
  confidence?: number;
  citations?: Citation[];
  cases?: CaseCard[];
  turn?: PreviousTurn;
  platformMessageId?: string;
}

/** The stable internal id of a channel conversation/thread. */
export function conversationKey(channel: string, externalId: string, threadId = ''): string {
  return `${channel}:${externalId}${threadId ? `:${threadId}` : ''}`;
}

/**
 * The parts of a {@link conversationKey}, for channels that need them back (e.g. to reach a conversation stored
 * without a delivery reference). Exact when the conversation id holds no ':' (web, Slack); a key with more parts
 * than channel, id and thread is ambiguous and gives undefined, as does a key without an id.
 *
 * @example
 * parseConversationKey('slack:C1:1700000000.000100'); // { channel: 'slack', externalId: 'C1', threadId: '1700000000.000100' }
 */
export function parseConversationKey(key: string): { channel: string; externalId: string; threadId: string } | undefined {
  const parts = key.split(':');
  if (parts.length < 2 || parts.length > 3 || !parts[0] || !parts[1]) return undefined;
  return { channel: parts[0], externalId: parts[1], threadId: parts[2] ?? '' };
}

/** The columns a message's arrival writes to its conversation, in the order of {@link conversationValues}. */
export const CONVERSATION_COLUMNS = '(id, channel, external_id, thread_id, user_id, user_name, audience, language, delivery_ref, owner_id)';

/**
 * What a message's arrival changes in a conversation already stored: who is talking and where to reply. The WHERE
 * keeps the conversation its owner's; with no row back, the conversation is someone else's.
 */
export const ON_CONVERSATION_CONFLICT = `ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id, user_name = coalesce(EXCLUDED.user_name, conversations.user_name),
       audience = EXCLUDED.audience, language = EXCLUDED.language,
       delivery_ref = coalesce(EXCLUDED.delivery_ref, conversations.delivery_ref),
       owner_id = coalesce(conversations.owner_id, EXCLUDED.owner_id), updated_at = now()
     WHERE conversations.owner_id IS NULL OR conversations.owner_id = EXCLUDED.user_id`;

/** The values of {@link CONVERSATION_COLUMNS} for a message (the owner is the user when they are anonymous). */
export function conversationValues(
  message: Pick<IncomingMessage, 'channel' | 'conversationId' | 'threadId' | 'user'>,
  language: Language,
  deliveryRef?: unknown,
): unknown[] {
  return [
    conversationKey(message.channel, message.conversationId, message.threadId),
    message.channel,
    message.conversationId,
    message.threadId ?? '',
    message.user.id,
    message.user.displayName ?? null,
    message.user.audience,
    language,
    deliveryRef === undefined ? null : JSON.stringify(deliveryRef),
    message.user.anonymous ? message.user.id : null,
  ];
}

/**
 * Finds or creates the conversation a message belongs to, refreshing who is talking and where to reply. An
 * anonymous user (`user.anonymous`) who creates a conversation owns it; a conversation with an owner takes
 * messages from its owner only. The check and the write are one statement, so two browsers racing for a new id
 * cannot both win.
 * @throws ConversationAccessError 'conversation.not_yours' when the conversation belongs to another user.
 */
export async function upsertConversation(
  db: Queryable,
  message: Pick<IncomingMessage, 'channel' | 'conversationId' | 'threadId' | 'user'>,
  language: Language,
  deliveryRef?: unknown,
): Promise<ConversationRecord> {
  const id = conversationKey(message.channel, message.conversationId, message.threadId);
  const result = await db.query<ConversationRow>(
    `INSERT INTO conversations ${CONVERSATION_COLUMNS} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10)
     ${ON_CONVERSATION_CONFLICT}
     RETURNING *`,
    conversationValues(message, language, deliveryRef),
  );
  // No row: the conflict's WHERE refused the update, i.e. the conversation is someone else's.
  if (!result.rows[0]) throw new ConversationAccessError('conversation.not_yours', id);
  return toConversation(result.rows[0]);
}

/** True when `userId` may write in the conversation: it has no owner, or `userId` is its owner. */
export function mayWriteIn(conversation: Pick<ConversationRecord, 'ownerId'>, userId: string): boolean {
  return conversation.ownerId === undefined || conversation.ownerId === userId;
}

/** True when the conversation holds at least one message from its user (something to hand to an adviser). */
export async function hasUserMessage(db: Queryable, conversationId: string): Promise<boolean> {
  const result = await db.query("SELECT 1 FROM messages WHERE conversation_id = $1 AND role = 'user' LIMIT 1", [conversationId]);
  return result.rows.length > 0;
}

export async function getConversation(db: Queryable, id: string): Promise<ConversationRecord | undefined> {
  const result = await db.query<ConversationRow>('SELECT * FROM conversations WHERE id = $1', [id]);
  return result.rows[0] ? toConversation(result.rows[0]) : undefined;
}

export async function appendMessage(db: Queryable, conversationId: string, message: NewMessage): Promise<string> {
  const id = message.id ?? randomUUID();
  // One statement: the conversation's updated_at moves with the message it gets (one round trip, not two).
  await db.query(
    `WITH touched AS (UPDATE conversations SET updated_at = now() WHERE id = $2)
     INSERT INTO messages (id, conversation_id, role, text, author_id, author_name, intent, mode, confidence, citations,
       cases, turn, platform_message_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12::jsonb, $13)`,
    [
      id,
      conversationId,
      message.role,
      message.text,
      message.authorId ?? null,
      message.authorName ?? null,
      message.intent ?? null,
      message.mode ?? null,
      message.confidence ?? null,
      JSON.stringify(message.citations ?? []),
      JSON.stringify(message.cases ?? []),
      message.turn ? JSON.stringify(message.turn) : null,
      message.platformMessageId ?? null,
    ],
  );
  return id;
}

/** The newest bot turn in a conversation, for follow-up questions. */
export async function latestTurn(db: Queryable, conversationId: string): Promise<PreviousTurn | undefined> {
  const result = await db.query<{ turn: PreviousTurn | string | null }>(
    `SELECT turn FROM messages WHERE conversation_id = $1 AND role = 'bot' AND turn IS NOT NULL
     ORDER BY created_at DESC LIMIT 1`,
    [conversationId],
  );
  const turn = result.rows[0]?.turn;
  return typeof turn === 'string' ? (JSON.parse(turn) as PreviousTurn) : (turn ?? undefined);
}

/** The conversation's messages, oldest first (at most `limit`, the newest ones). */
export async function listMessages(db: Queryable, conversationId: string, limit = 200): Promise<StoredMessage[]> {
  const result = await db.query<MessageRow>(
    `SELECT * FROM (SELECT * FROM messages WHERE conversation_id = $1 ORDER BY created_at DESC, seq DESC LIMIT $2) AS newest
     ORDER BY created_at ASC, seq ASC`,
    [conversationId, limit],
  );
  return result.rows.map(toMessage);
}

export async function getMessage(db: Queryable, id: string): Promise<StoredMessage | undefined> {
  const result = await db.query<MessageRow>('SELECT * FROM messages WHERE id = $1', [id]);
  return result.rows[0] ? toMessage(result.rows[0]) : undefined;
}

/** A `conversations` row as the database returns it. */
export interface ConversationRow {
  id: string;
  channel: string;
  external_id: string;
  thread_id: string;
  user_id: string | null;
  user_name: string | null;
  owner_id: string | null;
  audience: 'public' | 'internal';
  language: Language;
  delivery_ref: unknown;
}

interface MessageRow {
  id: string;
  conversation_id: string;
  role: MessageRole;
  text: string;
  author_id: string | null;
  author_name: string | null;
  intent: string | null;
  mode: string | null;
  confidence: number | null;
  citations: Citation[] | string;
  cases: CaseCard[] | string;
  turn: PreviousTurn | string | null;
  created_at: Date | string;
}

const parseJson = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

export function toConversation(row: ConversationRow): ConversationRecord {
  return {
    id: row.id,
    channel: row.channel,
    externalId: row.external_id,
    threadId: row.thread_id,
    userId: row.user_id ?? undefined,
    userName: row.user_name ?? undefined,
    ...(row.owner_id ? { ownerId: row.owner_id } : {}),
    audience: row.audience,
    language: row.language,
    deliveryRef: row.delivery_ref === null ? undefined : parseJson(row.delivery_ref),
  };
}

function toMessage(row: MessageRow): StoredMessage {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    role: row.role,
    text: row.text,
    authorId: row.author_id ?? undefined,
    authorName: row.author_name ?? undefined,
    intent: row.intent ?? undefined,
    mode: row.mode ?? undefined,
    confidence: row.confidence === null ? undefined : Number(row.confidence),
    citations: parseJson(row.citations),
    cases: parseJson(row.cases),
    turn: row.turn === null ? undefined : parseJson(row.turn),
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export type { Db };
