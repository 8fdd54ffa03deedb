/**
 * Turns the escalation service's refusals into HTTP answers with fixed Danish messages (the service's own message
 * text is never passed on, so no internal detail can leak).
 */
import type { Response } from 'express';
import type { EscalationError } from '../../bot/escalation/escalation-port.js';
import { sendError, type ApiErrorCode } from '../web/http-errors.js';

/** Status, code and message for each refusal. */
export const ESCALATION_ERRORS: Record<EscalationError, { status: number; code: ApiErrorCode; message: string }> = {
  not_found: { status: 404, code: 'not_found', message: 'Henvendelsen findes ikke.' },
  already_claimed: { status: 409, code: 'already_claimed', message: 'En anden rådgiver har allerede overtaget henvendelsen.' },
  closed: { status: 409, code: 'closed', message: 'Henvendelsen er allerede afsluttet.' },
  not_yours: { status: 403, code: 'not_yours', message: 'Henvendelsen er overtaget af en anden rådgiver.' },
  unknown_adviser: { status: 400, code: 'unknown_adviser', message: 'Rådgiveren findes ikke eller er deaktiveret.' },
  not_queued: { status: 409, code: 'not_queued', message: 'Henvendelsen venter ikke længere i køen.' },
};

/** Sends the HTTP answer for an escalation error. */
export function sendEscalationError(res: Response, error: EscalationError): void {
  const mapped = ESCALATION_ERRORS[error] ?? { status: 409, code: 'conflict' as const, message: 'Handlingen kunne ikke udføres.' };
  sendError(res, mapped.status, mapped.code, mapped.message);
}
