/**
 * The web API's and the console's one mapping from error codes (config/app-error.ts) to HTTP answers, with fixed
 * Danish messages: the error's own message is for the logs and never passed on, so no internal detail can leak.
 * Codes not listed here are not the caller's doing: the error handler logs them and answers 500.
 */
import type { Response } from 'express';
import type { AppErrorCode } from '../../config/app-error.js';
import type { EscalationError } from '../../bot/escalation/escalation-port.js';
import { sendError, type ApiErrorCode } from './http-errors.js';

/** Status, API code, message and the request field at fault, for one error code. */
export interface ErrorResponse {
  status: number;
  code: ApiErrorCode;
  message: string;
  field?: string;
}

/** The HTTP answer for each error code the web API and the console pass on to their callers. */
export const ERROR_RESPONSES: Partial<Record<AppErrorCode, ErrorResponse>> = {
  // The engine's refusals of a conversation (the web chat).
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
  // The escalation service's refusals (the advisers' console and API).
  'escalation.not_found': { status: 404, code: 'not_found', message: 'Henvendelsen findes ikke.' },
  'escalation.already_claimed': { status: 409, code: 'already_claimed', message: 'En anden rådgiver har allerede overtaget henvendelsen.' },
  'escalation.closed': { status: 409, code: 'closed', message: 'Henvendelsen er allerede afsluttet.' },
  'escalation.not_yours': { status: 403, code: 'not_yours', message: 'Henvendelsen er overtaget af en anden rådgiver.' },
  'escalation.unknown_adviser': { status: 400, code: 'unknown_adviser', message: 'Rådgiveren findes ikke eller er deaktiveret.' },
  'escalation.not_queued': { status: 409, code: 'not_queued', message: 'Henvendelsen venter ikke længere i køen.' },
};

/** Every escalation refusal is a code in the one table (checked by the compiler). */
const escalationCode = (error: EscalationError): AppErrorCode => `escalation.${error}` satisfies AppErrorCode;

/** Sends the HTTP answer for an error code; false when the code has none (the caller decides: usually a 500). */
export function sendErrorResponse(res: Response, code: AppErrorCode): boolean {
  const mapped = ERROR_RESPONSES[code];
  if (!mapped) return false;
  sendError(res, mapped.status, mapped.code, mapped.message, mapped.field);
  return true;
}

/** Sends the HTTP answer for a refusal of the escalation service. */
export function sendEscalationError(res: Response, error: EscalationError): void {
  if (!sendErrorResponse(res, escalationCode(error))) sendError(res, 409, 'conflict', 'Handlingen kunne ikke udføres.');
}
