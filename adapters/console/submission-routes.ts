/**
 * The Forslag API under `/api/submissions` (session cookie + CSRF, or bearer token; see adviser-auth.ts): the
 * editorial queue of cases users shared and advisers' "worth keeping" drafts.
 *   GET  /                  the queue (?status=new|asked|rejected|published|unpublished|open|all&source=submission|adviser_draft)
 *   GET  /fields            the editor's fields (labels, choices), from the one field list
 *   GET  /:id               one proposal with its history and the library documents that may tell the same story
 *   GET  /:id/attachment    the uploaded file, as a download
 *   PUT  /:id               {frontMatter, body}: edit (400 names each wrong field)
 *   POST /:id/ask           {question}: to the submitter, in their own conversation
 *   POST /:id/reject        {reason}
 *   POST /:id/publish       into the library, searchable at once
 *   POST /:id/unpublish     {reason?}
 * The adapter only maps HTTP to the SubmissionService and back: no SQL here.
 */
import express, { type RequestHandler, type Response } from 'express';
import type { AdviserStore } from '../../bot/advisers/index.js';
import type { AdviserIdentity } from '../../bot/escalation/escalation-port.js';
import type { SubmissionDetail, SubmissionError, SubmissionEvent, SubmissionResult, SubmissionService } from '../../bot/submissions/submission-port.js';
import { ATTACHMENT_TYPES } from '../../bot/submissions/submission-fields.js';
import { sendError, sendValidationError, type ApiErrorCode } from '../web/http-errors.js';
import { currentAuth, requireAdviser } from './adviser-auth.js';
import { editorFields } from './submission-editor-fields.js';
import { askBodySchema, editBodySchema, rejectBodySchema, submissionListQuerySchema, toSubmissionFilter, unpublishBodySchema } from './submission-schemas.js';
import type { SignInThrottle } from './sign-in-throttle.js';

/** What the submission routes need. */
export interface SubmissionRoutesOptions {
  submissions: SubmissionService;
  advisers: AdviserStore;
  now: () => Date;
  /** Largest JSON body of an action (ask, reject, unpublish). */
  maxBodyBytes: number;
  throttle?: SignInThrottle;
}

/** An edit carries the whole Markdown body (up to 40,000 characters, several bytes each in the worst case). */
const EDIT_MAX_BYTES = 256 * 1024;
/** How many near-duplicates the detail shows. */
const NEAR_DUPLICATES = 5;
const ID = /^[\w.:-]{1,200}$/;

/** The HTTP answer for each refusal of the service; the service's own Danish message goes with it. */
const REFUSALS: Record<SubmissionError, { status: number; code: ApiErrorCode }> = {
  invalid: { status: 400, code: 'bad_request' },
  attachment: { status: 400, code: 'bad_request' },
  not_found: { status: 404, code: 'not_found' },
  wrong_status: { status: 409, code: 'conflict' },
  no_conversation: { status: 409, code: 'conflict' },
};

/** Sends a refusal: `{ error: { code, reason, message, field?, issues? } }`, issues with their Danish messages. */
function sendRefusal(res: Response, result: Extract<SubmissionResult<unknown>, { ok: false }>): void {
  const { status, code } = REFUSALS[result.error];
  const issues = result.issues?.map((issue) => ({ field: issue.field, message: issue.message.da }));
  res
    .status(status)
    .set('Cache-Control', 'no-store')
    .json({
      error: {
        code,
        reason: result.error,
        message: result.message.da,
        ...(issues?.[0] ? { field: issues[0].field, issues } : {}),
      },
    });
}

const NOT_FOUND = { ok: false, error: 'not_found', message: { da: 'Forslaget findes ikke.', en: 'The proposal does not exist.' } } as const;

/**
 * The history with a name for each actor: the audit stores an adviser's id (`adv-…`) or the submitter as
 * `user:<channel>:<id>`; the page shows the adviser's name (also of a disabled one) or the submitter's.
 */
async function withActorNames(detail: SubmissionDetail, advisers: AdviserStore): Promise<Array<SubmissionEvent & { actorName: string }>> {
  const names = new Map<string, string>();
  for (const actor of new Set(detail.history.map((event) => event.actor))) {
    if (actor.startsWith('user:')) names.set(actor, detail.submitterName ?? 'Indsenderen');
    else names.set(actor, (await advisers.get(actor))?.name ?? actor);
  }
  return detail.history.map((event) => ({ ...event, actorName: names.get(event.actor)! }));
}

/** Bodies must be JSON when there is one (publish has none). */
const jsonOnly: RequestHandler = (req, res, next) => {
  const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  if (req.method === 'GET' || req.method === 'HEAD' || !hasBody || req.is('application/json')) return next();
  sendError(res, 415, 'unsupported_media_type', 'Forespørgslen skal sendes som JSON (Content-Type: application/json).');
};

/** Builds the `/api/submissions` router. */
export function createSubmissionRoutes(options: SubmissionRoutesOptions): express.Router {
  const { submissions, advisers, now } = options;
  const router = express.Router();
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(requireAdviser(advisers, now, options.throttle));
  router.use(jsonOnly);
  const actionJson = express.json({ limit: options.maxBodyBytes, strict: true });
  const editJson = express.json({ limit: Math.max(options.maxBodyBytes, EDIT_MAX_BYTES), strict: true });

  const identity = (res: Response): AdviserIdentity => {
    const { id, name, email } = currentAuth(res).adviser;
    return { id, name, email };
  };
  const answer = <T>(res: Response, result: SubmissionResult<T>) => {
    if (!result.ok) return sendRefusal(res, result);
    res.json(result.value);
  };

  router.get('/', async (req, res) => {
    const parsed = submissionListQuerySchema.safeParse(req.query);
    if (!parsed.success) return sendValidationError(res, parsed.error);
    res.json({ submissions: await submissions.list(toSubmissionFilter(parsed.data)) });
  });

  router.get('/fields', (_req, res) => {
    res.json({ fields: editorFields() });
  });

  router.param('id', (_req, res, next, id: string) => {
    if (ID.test(id)) return next();
    sendRefusal(res, NOT_FOUND);
  });

  router.get('/:id', async (req, res) => {
    const id = String(req.params.id);
    const detail = await submissions.get(id);
    if (!detail) return sendRefusal(res, NOT_FOUND);
    const history = await withActorNames(detail, advisers);
    res.json({ ...detail, history, nearDuplicates: await submissions.nearDuplicates(id, NEAR_DUPLICATES) });
  });

  router.get('/:id/attachment', async (req, res) => {
    const file = await submissions.attachment(String(req.params.id));
    if (!file) return sendRefusal(res, { ...NOT_FOUND, message: { da: 'Forslaget har ingen vedhæftet fil.', en: 'The proposal has no attachment.' } });
    // Only the two accepted types are named as such; anything else is served as opaque bytes. Always a download,
    // never rendered here (nosniff, and a sandbox in case a browser opens it anyway).
    const type = file.mimeType in ATTACHMENT_TYPES ? file.mimeType : 'application/octet-stream';
    res
      .attachment(file.fileName)
      .type(type)
      .set({ 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': "default-src 'none'; sandbox" })
      .send(file.bytes);
  });

  router.put('/:id', editJson, async (req, res) => {
    const parsed = editBodySchema.safeParse(req.body ?? {});
    if (!parsed.success) return sendValidationError(res, parsed.error);
    answer(res, await submissions.update(String(req.params.id), identity(res), parsed.data));
  });

  router.post('/:id/ask', actionJson, async (req, res) => {
    const parsed = askBodySchema.safeParse(req.body ?? {});
    if (!parsed.success) return sendValidationError(res, parsed.error);
    answer(res, await submissions.ask(String(req.params.id), identity(res), parsed.data.question.trim()));
  });

  router.post('/:id/reject', actionJson, async (req, res) => {
    const parsed = rejectBodySchema.safeParse(req.body ?? {});
    if (!parsed.success) return sendValidationError(res, parsed.error);
    answer(res, await submissions.reject(String(req.params.id), identity(res), parsed.data.reason.trim()));
  });

  router.post('/:id/publish', actionJson, async (req, res) => answer(res, await submissions.publish(String(req.params.id), identity(res))));

  router.post('/:id/unpublish', actionJson, async (req, res) => {
    const parsed = unpublishBodySchema.safeParse(req.body ?? {});
    if (!parsed.success) return sendValidationError(res, parsed.error);
    const reason = parsed.data.reason?.trim();
    answer(res, await submissions.unpublish(String(req.params.id), identity(res), reason || undefined));
  });

  for (const [path, allow] of [
    ['/:id/ask', 'POST'],
    ['/:id/reject', 'POST'],
    ['/:id/publish', 'POST'],
    ['/:id/unpublish', 'POST'],
    ['/:id/attachment', 'GET'],
    ['/:id', 'GET, PUT'],
    ['/', 'GET'],
  ] as const) {
    router.all(path, (_req, res) => {
      res.set('Allow', allow);
      sendError(res, 405, 'method_not_allowed', `Brug ${allow.replace(', ', ' eller ')}.`);
    });
  }
  router.use((_req, res) => sendError(res, 404, 'not_found', 'Den adresse findes ikke i API’et.'));
  return router;
}
