/**
 * Refusals of the conversation store: a conversation that belongs to someone else, that does not exist, or that
 * has nothing to hand to an adviser yet. The engine lets these through (they are not failures to apologise for);
 * each adapter maps the code to its own answer (the web chat: 403, 404, 409).
 */
import { AppError, type CodesOf } from '../../config/app-error.js';

/**
 * Why access to a conversation was refused: 'conversation.not_yours' (it belongs to another, anonymous user),
 * 'conversation.not_found' (an adviser was asked for one that never existed), 'conversation.no_question' (no message
 * from the user yet, so there is nothing to hand to an adviser).
 */
export type ConversationAccessErrorCode = CodesOf<'conversation'>;

/** Thrown by the conversation store and the engine; the message is for logs, never shown to a user. */
export class ConversationAccessError extends AppError<ConversationAccessErrorCode> {
  /** The stored conversation's id (`conversationKey(channel, id, thread)`). */
  readonly conversationKey: string;

  constructor(code: ConversationAccessErrorCode, conversationKey: string) {
    super(code, `${code}: ${conversationKey}`);
    this.conversationKey = conversationKey;
  }
}

/** True for a ConversationAccessError. */
export function isConversationAccessError(error: unknown): error is ConversationAccessError {
  return error instanceof ConversationAccessError;
}
