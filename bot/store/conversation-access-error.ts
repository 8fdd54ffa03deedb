/**
 * Refusals of the conversation store: a conversation that belongs to someone else, that does not exist, or that
 * has nothing to hand to an adviser yet. The engine lets these through (they are not failures to apologise for);
 * each adapter maps the code to its own answer (the web chat: 403, 404, 409).
 */

/** Why access to a conversation was refused. */
export type ConversationAccessErrorCode =
  /** The conversation belongs to another (anonymous) user. */
  | 'conversation.not_yours'
  /** No such conversation (an adviser was asked for one that never existed). */
  | 'conversation.not_found'
  /** The conversation has no message from the user yet, so there is nothing to hand to an adviser. */
  | 'conversation.no_question';

/** Thrown by the conversation store and the engine; the message is for logs, never shown to a user. */
export class ConversationAccessError extends Error {
  readonly code: ConversationAccessErrorCode;
  /** The stored conversation's id (`conversationKey(channel, id, thread)`). */
  readonly conversationKey: string;

  constructor(code: ConversationAccessErrorCode, conversationKey: string) {
    super(`${code}: ${conversationKey}`);
    this.name = 'ConversationAccessError';
    this.code = code;
    this.conversationKey = conversationKey;
  }
}

/** True for a ConversationAccessError (also across module copies, by name and code). */
export function isConversationAccessError(error: unknown): error is ConversationAccessError {
  return (
    error instanceof ConversationAccessError ||
    (error instanceof Error && error.name === 'ConversationAccessError' && typeof (error as { code?: unknown }).code === 'string')
  );
}
