/**
 * The advisers' API under `/api/escalations` (session cookie + CSRF, or bearer token; see adviser-auth.ts):
 *   GET  /                 the queue (?status=open|claimed|resolved|…&mine=true&channel=…&minAge=minutes)
 *   GET  /stream           live updates (server-sent events, `event: escalation`)
 *   GET  /:id              one escalation with its transcript and citations
 *   POST /:id/claim        200 for the one adviser who wins, 409 for everyone else
 *   POST /:id/messages     {text}: reply to the user (only the claimer)
 *   POST /:id/release      hand back to the queue
 *   POST /:id/reassign     {adviserId}: give it to an enabled colleague
 *   POST /:id/resolve      {note?, keep?}: close it; the assistant takes over again
 */
import express, { type RequestHandler } from 'express';
import type { AdviserStore } from '../../bot/advisers/index.js';
import type { EscalationResult, EscalationService } from '../../bot/escalation/escalation-port.js';
import { sendError, sendValidationError } from '../web/http-errors.js';
import { currentAuth, requireAdviser } from './adviser-auth.js';
import type { ChangeFeed } from '../../bot/store/change-feed.js';
import { listQuerySchema, reassignBodySchema, replyBodySchema, resolveBodySchema, toListFilter } from './console-schemas.js';
import { sendEscalationError } from '../web/error-responses.js';
import { escalationStreamRoute } from './escalation-stream.js';
import type { SignInThrottle } from './sign-in-throttle.js';

/** What the escalation routes need. */
export interface EscalationRoutesOptions {
  escalations: EscalationService;
  advisers: AdviserStore;
  feed: ChangeFeed;
  now: () => Date;
  maxBodyBytes: number;
  heartbeatMs?: number;
  /** Counts wrong bearer tokens per address (429 after too many). */
  throttle?: SignInThrottle;
}

const ID = /^[\w.:-]{1,200}$/;

/** POST bodies must be JSON when there is one (an empty body is fine for claim and release). */
function jsonBodies(maxBodyBytes: number): RequestHandler[] {
  return [
    (req, res, next) => {
      const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
      if (req.method !== 'POST' || !hasBody || req.is('application/json')) return next();
      sendError(res, 415, 'unsupported_media_type', 'Forespørgslen skal sendes som JSON (Content-Type: application/json).');
    },
    express.json({ limit: maxBodyBytes, strict: true }),
  ];
}

/** Builds the `/api/escalations` router. */
export function createEscalationRoutes(options: EscalationRoutesOptions): express.Router {
  const { escalations, advisers, now } = options;
  const router = express.Router();
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(requireAdviser(advisers, now, options.throttle));
  router.use(jsonBodies(options.maxBodyBytes));

  router.get('/', async (req, res) => {
    const parsed = listQuerySchema.safeParse(req.query);
    if (!parsed.success) return sendValidationError(res, parsed.error);
    const { adviser } = currentAuth(res);
    res.json({ escalations: await escalations.list(toListFilter(parsed.data, adviser.id)) });
  });

  router.get('/stream', escalationStreamRoute({ feed: options.feed, advisers, now, heartbeatMs: options.heartbeatMs }));

  router.param('id', (req, res, next, id: string) => {
    if (ID.test(id)) return next();
    sendEscalationError(res, 'not_found');
  });

  router.get('/:id', async (req, res) => {
    const detail = await escalations.get(String(req.params.id));
    if (!detail) return sendEscalationError(res, 'not_found');
    res.json(detail);
  });

  const answer = <T>(res: express.Response, result: EscalationResult<T>, status = 200) => {
    if (!result.ok) return sendEscalationError(res, result.error);
    res.status(status).json(result.value);
  };
  const identity = (res: express.Response) => {
    const { id, name, email } = currentAuth(res).adviser;
    return { id, name, email };
  };

  router.post('/:id/claim', async (req, res) => answer(res, await escalations.claim(String(req.params.id), identity(res))));
  router.post('/:id/release', async (req, res) => answer(res, await escalations.release(String(req.params.id), identity(res))));

  router.post('/:id/messages', async (req, res) => {
    const parsed = replyBodySchema.safeParse(req.body ?? {});
    if (!parsed.success) return sendValidationError(res, parsed.error);
    answer(res, await escalations.reply(String(req.params.id), identity(res), parsed.data.text.trim()), 201);
  });

  router.post('/:id/reassign', async (req, res) => {
    const parsed = reassignBodySchema.safeParse(req.body ?? {});
    if (!parsed.success) return sendValidationError(res, parsed.error);
    const target = await advisers.get(parsed.data.adviserId.trim());
    if (!target?.enabled) return sendEscalationError(res, 'unknown_adviser');
    answer(res, await escalations.reassign(String(req.params.id), identity(res), target.id));
  });

  router.post('/:id/resolve', async (req, res) => {
    const parsed = resolveBodySchema.safeParse(req.body ?? {});
    if (!parsed.success) return sendValidationError(res, parsed.error);
    const note = parsed.data.note?.trim();
    const resolveOptions = { ...(note ? { note } : {}), ...(parsed.data.keep !== undefined ? { keep: parsed.data.keep } : {}) };
    answer(res, await escalations.resolve(String(req.params.id), identity(res), resolveOptions));
  });

  for (const path of ['/:id/claim', '/:id/release', '/:id/messages', '/:id/reassign', '/:id/resolve']) {
    router.all(path, (_req, res) => {
      res.set('Allow', 'POST');
      sendError(res, 405, 'method_not_allowed', 'Brug POST.');
    });
  }
  router.use((_req, res) => sendError(res, 404, 'not_found', 'Den adresse findes ikke i API’et.'));
  return router;
}
