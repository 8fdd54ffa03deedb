/**
 * The web API's answers to the engine's conversation refusals, with fixed Danish messages (the error's own message
 * is for the logs).
 */
import type { ConversationAccessErrorCode } from '../../bot/store/conversation-access-error.js';
import type { ApiErrorCode } from './http-errors.js';

/** Status, code and message for each refusal. */
export const CONVERSATION_ERRORS: Record<ConversationAccessErrorCode, { status: number; code: ApiErrorCode; message: string; field?: string }> = {
  'conversation.not_yours': {
    status: 403,
    code: 'forbidden',
    message: 'Du har ikke adgang til denne samtale. Start en ny samtale.',
    field: 'conversationId',
  },
  'conversation.not_found': {
    status: 404,
    code: 'not_found',
    message: 'Samtalen findes ikke. Skriv dit spørgsmål i chatten først, så kan en rådgiver tage over derfra.',
    field: 'conversationId',
  },
  'conversation.no_question': {
    status: 409,
    code: 'conflict',
    message: 'Skriv dit spørgsmål i chatten først, så rådgiveren kan se, hvad det drejer sig om.',
    field: 'conversationId',
  },
};
