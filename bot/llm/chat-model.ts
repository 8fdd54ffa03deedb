/**
 * The port the rest of bot/ uses to talk to a chat model. It is deliberately tiny and free of LangChain types, so the
 * engine can be tested with a hand-written model and the provider can change without touching callers.
 */
import type { ZodType } from 'zod';

export type ChatRole = 'system' | 'user' | 'assistant';

/** One message of a chat request. */
export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export interface ChatCallOptions {
  /** Cancels the call (and any pending retry); the call then fails with ChatModelError 'llm.timeout'. */
  signal?: AbortSignal;
  /**
   * Receives the token counts the server reported for the call (its `usage`; for a stream, the final usage chunk
   * requested with `stream_options.include_usage`). Never an estimate: not called when the server sent none.
   */
  onUsage?: (usage: ChatUsage) => void;
}

/** Token counts as the server reported them. */
export interface ChatUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
}

/**
 * A chat model. Every failure is a `ChatModelError` (rate limit, outage, timeout, bad key, unusable answer), so callers
 * need one catch that falls back to the extractive answer.
 */
export interface ChatModel {
  /** 'openai:<model>' (for logs and stored replies). */
  readonly modelId: string;
  /** The assistant's text for these messages. Never empty: an empty answer is a ChatModelError 'llm.bad_response'. */
  complete(messages: ChatMessage[], opts?: ChatCallOptions): Promise<string>;
  /**
   * The assistant's text for these messages as it is written, piece by piece (what `complete` returns, in parts).
   * Same errors, deadline and cancellation as `complete`; failures before the first piece are retried like
   * `complete`'s, a failure after it is thrown (the caller has shown text by then). A stream that ends without text
   * is a ChatModelError 'llm.bad_response'.
   */
  stream(messages: ChatMessage[], opts?: ChatCallOptions): AsyncIterable<string>;
  /**
   * The answer as a value matching `schema` (the provider is asked for JSON following the schema, and the result is
   * validated again here). Invalid JSON or a schema mismatch is a ChatModelError 'llm.bad_response'.
   */
  structured<T>(schema: ZodType<T>, messages: ChatMessage[], opts?: ChatCallOptions): Promise<T>;
}
