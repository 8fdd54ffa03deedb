/**
 * An answer as it is being written: what `Engine.streamMessage` yields and every channel renders. A channel shows
 * the status while sources are searched, the text as it arrives, and then the final reply — which replaces everything
 * streamed before it: its citations are checked and renumbered on the final text (a citation to a source that was
 * not retrieved is gone, even if it was shown while streaming), and after a model failure mid-stream it is the
 * extractive answer with the model-fallback notice. Never leave a half answer standing.
 */
import type { BotReply } from './messages.js';

/** Where the engine is with the answer. */
export type ReplyStage = 'searching' | 'writing';

export type ReplyEvent =
  /** A progress line in the user's language ("Søger i biblioteket…"), for a status indicator, not for the answer. */
  | { type: 'status'; stage: ReplyStage; text: string }
  /** The next piece of the answer's Markdown, to append to what was shown. Only `llm` mode yields more than one. */
  | { type: 'text'; delta: string }
  /** The final reply: always the last event, exactly once. Its text replaces every delta shown before. */
  | { type: 'reply'; reply: BotReply };

/** The final reply of a stream (the last event), for callers that do not stream. */
export async function finalReply(events: AsyncIterable<ReplyEvent>): Promise<BotReply> {
  let reply: BotReply | undefined;
  for await (const event of events) if (event.type === 'reply') reply = event.reply;
  if (!reply) throw new Error('the reply stream ended without a final reply');
  return reply;
}
