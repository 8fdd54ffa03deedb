/**
 * What adapters call. The engine behind it is channel-agnostic; adapters only translate and render.
 */
import type { BotReply, IncomingMessage, Language } from './messages.js';
import type { ReplyEvent } from './reply-events.js';

export interface FeedbackInput {
  replyId: string;
  value: 'up' | 'down';
  comment?: string;
  userId: string;
  channel: string;
}

export type FeedbackResult =
  | { ok: true; /** Offer a human adviser after a 👎 (the user may accept). */ offerAdviser: boolean; message: string }
  | { ok: false; reason: 'unknown_reply'; message: string };

export interface AdviserRequest {
  channel: string;
  conversationId: string;
  threadId?: string;
  user: IncomingMessage['user'];
  language?: Language;
}

/** What the engine's health check looks at, in the order it reports the first failure. */
export type HealthPart = 'database' | 'migrations' | 'library' | 'model';

/**
 * The engine's readiness (bot/engine/engine-health.ts). Details are fixed texts in Danish and English, never a
 * driver's message (it may name hosts or users); the cause goes to the log.
 */
export interface HealthReport {
  ok: boolean;
  /** When not ok: the first part that failed. */
  failing?: HealthPart;
  /** When not ok: what is wrong with it, in Danish / English. */
  detail?: string;
  /** `migration`: the newest migration, when the database records it. */
  database: { ok: boolean; kind: string; detail?: string; migration?: string };
  /** In `llm` mode, `checkedAt` says when the model was last asked (at most every 30 s). */
  model: { mode: 'extractive' | 'llm'; ok: boolean; detail?: string; checkedAt?: string };
  embeddings: string;
  documents: number;
}

/** Options of {@link Engine.streamMessage}. */
export interface StreamOptions {
  /** Aborted when the caller no longer waits for the answer (the web client disconnected). */
  signal?: AbortSignal;
}

export interface Engine {
  /**
   * Answers one message. Service failures become an apologetic reply; the one thing it throws for is access: an
   * anonymous user's message to a conversation someone else started (`ConversationAccessError`, which adapters map
   * to their "not yours" answer, e.g. 403 on the web).
   */
  handleMessage(message: IncomingMessage): Promise<BotReply>;
  /**
   * Answers one message as it is being written (see bot/reply-events.ts): status, text deltas, then exactly one final
   * `reply` event, the same reply `handleMessage` returns. Throws `ConversationAccessError` (from the iteration,
   * before any event) in the same case as `handleMessage`. `options.signal` (optional): the caller went away; the
   * engine stops the model's part and finishes the answer without it (it is still stored).
   */
  streamMessage(message: IncomingMessage, options?: StreamOptions): AsyncIterable<ReplyEvent>;
  /** Stores 👍/👎 (and an optional comment) on a reply; 👎 and low-confidence replies become knowledge gaps. */
  recordFeedback(input: FeedbackInput): Promise<FeedbackResult>;
  /**
   * The "Tal med en rådgiver" button: records the request and returns the reply to show. Throws
   * `ConversationAccessError` when the conversation does not exist, is not the caller's, or has no question yet.
   */
  requestAdviser(request: AdviserRequest): Promise<BotReply>;
  health(): Promise<HealthReport>;
}
