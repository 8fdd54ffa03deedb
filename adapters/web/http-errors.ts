/**
 * The JSON error shape every web API response uses: `{ error: { code, message, field? } }`.
 */
import type { Response } from 'express';
import type { ZodError } from 'zod';

/** Machine-readable error codes of the web API. */
export type ApiErrorCode =
  | 'bad_request'
  | 'invalid'
  | 'not_found'
  | 'unknown_reply'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unauthorized'
  | 'forbidden'
  | 'csrf_failed'
  | 'conflict'
  | 'already_claimed'
  | 'not_yours'
  | 'closed'
  | 'not_queued'
  | 'unknown_adviser'
  | 'unavailable'
  | 'rate_limited'
  | 'internal';

/** Body of every error response. */
export interface ApiErrorBody {
  /** `issues`: one message per form field at fault (the case-submission form). */
  error: { code: ApiErrorCode; message: string; field?: string; issues?: FieldIssue[] };
}

/** A problem with one form field, in the user's language. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** The message shown for unexpected failures: polite, Danish and free of internal details. */
export const INTERNAL_ERROR_MESSAGE = 'Der opstod en fejl. Prøv igen om lidt.';

/** `{ error: { code, message, field? } }`. */
export function errorBody(code: ApiErrorCode, message: string, field?: string): ApiErrorBody {
  return { error: field === undefined ? { code, message } : { code, message, field } };
}

/** Sends {@link errorBody} with the given status and `Cache-Control: no-store`. */
export function sendError(res: Response, status: number, code: ApiErrorCode, message: string, field?: string): void {
  res.status(status).set('Cache-Control', 'no-store').json(errorBody(code, message, field));
}

/** Sends `{ error: { code, message, field, issues } }`: field errors of a form, the first one as `field`. */
export function sendFieldErrors(res: Response, status: number, code: ApiErrorCode, message: string, issues: FieldIssue[]): void {
  const body: ApiErrorBody = { error: { code, message, ...(issues[0] ? { field: issues[0].field } : {}), issues } };
  res.status(status).set('Cache-Control', 'no-store').json(body);
}

/** Sends a 400 naming the first invalid field of a failed zod parse. */
export function sendValidationError(res: Response, error: ZodError): void {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
  const detail = issue?.message ?? 'Ugyldig forespørgsel.';
  const message = field === undefined ? detail : `${field}: ${detail}`;
  sendError(res, 400, 'bad_request', message, field);
}
