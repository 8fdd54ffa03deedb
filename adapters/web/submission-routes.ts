/**
 * "Del jeres erfaring" in the web chat: `GET /api/submission-form` (the form's fields in the page's language) and
 * `POST /api/case-submissions` (the filled form as multipart/form-data, with at most one PDF/DOCX of 10 MB). The
 * visitor is who the `kc_uid` cookie says; the conversation they write from goes with the case (only their own),
 * so the adviser's question and the publish notice arrive in it.
 *
 * The POST path is not `/api/submissions`: the advisers' console owns that one in the same server (its queue).
 * A multipart form is a "simple" request another site's page could post: it is refused unless the browser says it
 * is same-origin, and it must carry the X-Kraftcenter-Form header, which a cross-site page cannot send without a
 * CORS preflight this server never answers.
 */
import express, { type Request, type Response } from 'express';
import type { Audience, Queryable } from '../../knowledge/index.js';
import type { Language } from '../../bot/messages.js';
import { ConversationAccessError } from '../../bot/store/conversation-access-error.js';
import { conversationKey, getConversation, upsertConversation } from '../../bot/store/conversation-store.js';
import { SUBMISSION_FIELDS, type SubmissionInput } from '../../bot/submissions/submission-fields.js';
import type { SubmissionService, Submitter } from '../../bot/submissions/submission-port.js';
import type { Logger } from '../../config/logger.js';
import { anonymousUserId } from './anonymous-user.js';
import { sendError, sendFieldErrors } from './http-errors.js';
import { limitRequests, type RateCounter, type RouteLimit } from './request-limits.js';
import { requestLanguage } from './request-language.js';
import { webSubmissionForm } from './submission-form.js';
import { readSubmissionUpload } from './submission-upload.js';

/** The header the page's script sends with the form (see the module comment). */
export const FORM_HEADER = 'X-Kraftcenter-Form';
export const SUBMISSION_FORM_PATH = '/submission-form';
export const CASE_SUBMISSIONS_PATH = '/case-submissions';

export interface SubmissionRoutesOptions {
  /** Absent: the form is shown but sending it answers 503. */
  submissions?: SubmissionService;
  audience: Audience;
  channel: string;
  /** To check that the conversation named in the form is the visitor's. */
  db?: Queryable;
  limit: RouteLimit;
  rateCounter: RateCounter;
  logger: Logger;
}

const TEXTS = {
  invalid: { da: 'Formularen har fejl. Ret de markerede felter, og send igen.', en: 'The form has errors. Correct the marked fields and send it again.' },
  crossSite: { da: 'Formularen kan kun sendes fra Kraftcenterets egen side.', en: 'The form can only be sent from the Kraftcenter page itself.' },
  multipart: { da: 'Formularen skal sendes som multipart/form-data.', en: 'The form must be sent as multipart/form-data.' },
  unavailable: { da: 'Vi kan ikke tage imod erfaringer lige nu. Prøv igen senere.', en: 'We cannot receive experiences right now. Please try again later.' },
  failed: { da: 'Vi kunne ikke gemme jeres erfaring. Prøv igen om lidt.', en: 'We could not save your experience. Please try again shortly.' },
} satisfies Record<string, Record<Language, string>>;

/** The confirmation the page shows. */
export function thanks(reference: string, language: Language, maskedPersonalData: boolean): string {
  const masked = {
    da: ' Vi har fjernet personoplysninger (fx cpr- eller telefonnumre) fra teksten.',
    en: ' We removed personal data (such as CPR or phone numbers) from the text.',
  };
  const text = {
    da: `Tak! Jeres erfaring er modtaget med referencenummer ${reference}. En rådgiver fra Kraftcenteret læser den, før den kommer i biblioteket. Nævn referencenummeret, hvis I kontakter os om den.`,
    en: `Thank you! Your experience has been received with reference number ${reference}. An adviser from the Kraftcenter reads it before it goes into the library. Quote the reference number if you contact us about it.`,
  };
  return text[language] + (maskedPersonalData ? masked[language] : '');
}

/**
 * Browsers say where a request comes from in Sec-Fetch-Site; older ones only in Origin (which is "null" under the
 * page's no-referrer policy, so it then proves nothing and the header requirement carries the check).
 */
function crossSite(req: Request): boolean {
  const site = req.get('Sec-Fetch-Site');
  if (site !== undefined) return site !== 'same-origin';
  const origin = req.get('Origin');
  if (!origin || origin === 'null') return false;
  try {
    return new URL(origin).host !== req.get('host');
  } catch {
    return true;
  }
}

/** The form's values: known field names only, text or lists of text. */
function submissionInput(fields: Record<string, unknown>): SubmissionInput {
  const input: SubmissionInput = {};
  for (const { name } of SUBMISSION_FIELDS) {
    const value = fields[name];
    if (typeof value === 'string') input[name] = value;
    else if (Array.isArray(value)) input[name] = value.filter((item): item is string => typeof item === 'string');
  }
  return input;
}

/** Builds the router; mount it under `/api` before any body parser (it reads its own multipart body). */
export function createSubmissionRoutes(options: SubmissionRoutesOptions): express.Router {
  const { submissions, audience, channel, db, logger } = options;
  const router = express.Router();
  const limit = limitRequests({ route: 'submission', limit: options.limit, counter: options.rateCounter, logger, userOf: anonymousUserId });

  router.get(SUBMISSION_FORM_PATH, (req, res) => void res.json(webSubmissionForm(requestLanguage(req))));

  /**
   * The visitor's own conversation of this id, as a key; anything else is not passed on. A visitor who shares a case
   * before asking anything has no stored conversation yet: it is started here, theirs, so the adviser's question and
   * the notices have somewhere to go.
   */
  async function ownConversation(conversationId: unknown, userId: string, language: Language): Promise<string | undefined> {
    if (!db || typeof conversationId !== 'string' || conversationId.length < 1 || conversationId.length > 200) return undefined;
    const key = conversationKey(channel, conversationId);
    const conversation = await getConversation(db, key);
    if (conversation) return conversation.ownerId === userId ? key : undefined;
    const started = await upsertConversation(db, { channel, conversationId, user: { id: userId, audience, anonymous: true } }, language).catch(
      (error: unknown) => (error instanceof ConversationAccessError ? undefined : Promise.reject(error)),
    );
    return started ? key : undefined;
  }

  router.post(CASE_SUBMISSIONS_PATH, async (req: Request, res: Response, next) => {
    const early = requestLanguage(req);
    if (crossSite(req) || req.get(FORM_HEADER) !== '1') return sendError(res, 403, 'csrf_failed', TEXTS.crossSite[early]);
    if (!req.is('multipart/form-data')) return sendError(res, 415, 'unsupported_media_type', TEXTS.multipart[early]);
    next();
  }, limit, async (req, res) => {
    if (!submissions) return sendError(res, 503, 'unavailable', TEXTS.unavailable[requestLanguage(req)]);
    const read = await readSubmissionUpload(req, res);
    if (!read.ok) {
      const language = requestLanguage(req, (req.body as Record<string, unknown> | undefined)?.lang);
      const { status, code, field, message } = read.problem;
      return sendFieldErrors(res, status, code, message[language], [{ field, message: message[language] }]);
    }
    const language = requestLanguage(req, read.fields.lang);
    const userId = anonymousUserId(req, res);
    const key = await ownConversation(read.fields.conversationId, userId, language);
    const submitter: Submitter = { channel, userId, language, audience, ...(key ? { conversationKey: key } : {}) };
    const result = await submissions.submit(submissionInput(read.fields), submitter, read.attachment);
    if (result.ok) {
      const { reference, maskedPersonalData } = result.value;
      return void res.status(201).json({ reference, message: thanks(reference, language, maskedPersonalData) });
    }
    if (result.error === 'invalid' || result.error === 'attachment') {
      const issues = (result.issues ?? []).map((issue) => ({ field: issue.field, message: issue.message[language] }));
      if (issues.length === 0) issues.push({ field: result.error === 'attachment' ? 'attachment' : 'form', message: result.message[language] });
      return sendFieldErrors(res, 400, 'invalid', result.error === 'invalid' ? TEXTS.invalid[language] : result.message[language], issues);
    }
    logger.error('case submission refused by the service', { error: result.error });
    sendError(res, 500, 'internal', TEXTS.failed[language]);
  });

  for (const [path, allowed] of [[SUBMISSION_FORM_PATH, 'GET'], [CASE_SUBMISSIONS_PATH, 'POST']] as const) {
    router.all(path, (_req, res) => {
      res.set('Allow', allowed);
      sendError(res, 405, 'method_not_allowed', `Brug ${allowed}.`);
    });
  }
  return router;
}
