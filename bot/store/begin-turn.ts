/**
 * The start of a user's turn in one statement (one round trip on Postgres, one turn of the event loop on PGlite,
 * where it was five): count the message against the user's rate limit, find or create the conversation (refreshing
 * who is talking and where to reply, with the owner check of `upsertConversation`), see whether an adviser has it,
 * read the bot's latest turn for follow-ups, and store the user's message — the last two only when the limit allows
 * it, the conversation is the user's and no hand-off is open. With a hand-off open nothing is stored: the caller
 * routes the message to the adviser (bot/escalation/route-to-adviser.ts), which stores it in its own transaction.
 *
 * The parts of a statement see one snapshot: the latest turn is read as it was before this message, and the
 * message's foreign key to a conversation created by the same statement is checked at its end.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../knowledge/index.js';
import type { PreviousTurn } from '../conversation-turn.js';
import type { IncomingMessage, Language } from '../messages.js';
import { ConversationAccessError } from './conversation-access-error.js';
import {
  CONVERSATION_COLUMNS,
  conversationKey,
  conversationValues,
  ON_CONVERSATION_CONFLICT,
  toConversation,
  type ConversationRecord,
  type ConversationRow,
} from './conversation-store.js';
import { sometimesDropOldWindows, windowOf } from './rate-limiter.js';

/** What became of the start of a turn. */
export type BegunTurn =
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  /** An adviser has the conversation (queued or claimed): the message is not stored yet. */
  | { kind: 'with_adviser'; conversation: ConversationRecord }
  | { kind: 'stored'; conversation: ConversationRecord; userMessageId: string; previous?: PreviousTurn };

export interface BeginTurnRequest {
  message: Pick<IncomingMessage, 'channel' | 'conversationId' | 'threadId' | 'user' | 'messageId' | 'deliveryRef'>;
  /** The text to store, masked by the caller. */
  text: string;
  language: Language;
  rateLimit: { key: string; limit: number; windowSeconds: number; now?: Date };
}

const BEGIN_TURN_SQL = `
WITH counted AS (
  INSERT INTO rate_limits (user_key, window_start, count) VALUES ($1, $2::timestamptz, 1)
  ON CONFLICT (user_key, window_start) DO UPDATE SET count = rate_limits.count + 1
  RETURNING count
), conversation AS (
  INSERT INTO conversations ${CONVERSATION_COLUMNS}
  SELECT $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13 FROM counted WHERE counted.count <= $3::integer
  ${ON_CONVERSATION_CONFLICT}
  RETURNING *
), with_adviser AS (
  SELECT EXISTS (SELECT 1 FROM escalations WHERE conversation_id = $4 AND status IN ('queued', 'claimed')) AS open
), stored AS (
  INSERT INTO messages (id, conversation_id, role, text, author_id, author_name, platform_message_id)
  SELECT $14, conversation.id, 'user', $15, $8, $9, $16 FROM conversation, with_adviser WHERE NOT with_adviser.open
  RETURNING id
)
SELECT counted.count AS rate_count, with_adviser.open AS with_adviser, (SELECT id FROM stored) AS user_message_id,
  (SELECT turn FROM messages WHERE conversation_id = $4 AND role = 'bot' AND turn IS NOT NULL
   ORDER BY created_at DESC, seq DESC LIMIT 1) AS previous_turn,
  conversation.*
FROM counted CROSS JOIN with_adviser LEFT JOIN conversation ON true`;

type BeginTurnRow = Partial<ConversationRow> & {
  rate_count: number | string;
  with_adviser: boolean;
  user_message_id: string | null;
  previous_turn: PreviousTurn | string | null;
};

/**
 * Starts a turn (see the module comment).
 * @throws ConversationAccessError 'conversation.not_yours' when the conversation belongs to another user (the
 * message was counted against the rate limit, as before any other check).
 */
export async function beginTurn(db: Queryable, request: BeginTurnRequest): Promise<BegunTurn> {
  const { message, rateLimit } = request;
  const now = rateLimit.now ?? new Date();
  const window = windowOf(now, rateLimit.windowSeconds);
  const id = conversationKey(message.channel, message.conversationId, message.threadId);
  const result = await db.query<BeginTurnRow>(BEGIN_TURN_SQL, [
    rateLimit.key,
    window.start.toISOString(),
    rateLimit.limit,
    ...conversationValues(message, request.language, message.deliveryRef), // $4 … $13: $8 is the user's id, $9 their name
    randomUUID(),
    request.text,
    message.messageId ?? null,
  ]);
  await sometimesDropOldWindows(db, now);
  const row = result.rows[0]!;
  if (Number(row.rate_count) > rateLimit.limit) return { kind: 'rate_limited', retryAfterSeconds: window.retryAfterSeconds };
  // Allowed, yet no row: the conflict's WHERE refused the update, i.e. the conversation is someone else's.
  if (row.id == null) throw new ConversationAccessError('conversation.not_yours', id);
  const conversation = toConversation(row as ConversationRow);
  if (row.with_adviser || row.user_message_id == null) return { kind: 'with_adviser', conversation };
  const turn = row.previous_turn;
  const previous = typeof turn === 'string' ? (JSON.parse(turn) as PreviousTurn) : (turn ?? undefined);
  return { kind: 'stored', conversation, userMessageId: row.user_message_id, ...(previous ? { previous } : {}) };
}
