/**
 * The web API: `POST /chat`, `POST /feedback`, `POST /adviser` and the hand-off event stream
 * `GET /conversations/:conversationId/events` (mounted under `/api`). Each POST is rate-limited per address and
 * user, validates its JSON body, resolves the visitor (the `kc_uid` cookie, nothing else) and calls the engine;
 * `/chat` also takes a slot of the answers-in-progress cap, and answers with JSON or, for `Accept: text/event-stream`,
 * streams the answer as it is written (chat-event-stream.ts). Failures the engine throws before anything was sent go
 * to the app's error handler. "Del jeres erfaring" (`GET /submission-form`, `POST /case-submissions`) reads its own
 * multipart body: submission-routes.ts.
 */
import { randomUUID } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { Audience, Queryable } from '../../knowledge/index.js';
import type { Engine } from '../../bot/engine-port.js';
import type { IncomingMessage } from '../../bot/messages.js';
import type { SubmissionService } from '../../bot/submissions/submission-port.js';
import type { Logger } from '../../config/logger.js';
import { anonymousUserId } from './anonymous-user.js';
import { answerInSlot, takeAnswerSlot, type AnswersInProgress } from './answers-in-progress.js';
import { streamChat, wantsEventStream } from './chat-event-stream.js';
import { conversationEventsRoute, type ConversationEventsOptions } from './conversation-events.js';
import { sendError, sendValidationError } from './http-errors.js';
import { limitRequests, type RateCounter, type WebRateLimits } from './request-limits.js';
import { adviserRequestSchema, chatRequestSchema, feedbackRequestSchema } from './request-schemas.js';
import { createSubmissionRoutes } from './submission-routes.js';

/** What the API routes need. */
export interface ApiRouterOptions {
  engine: Engine;
  audience: Audience;
  maxBodyBytes: number;
  /** Enables the hand-off event stream (see {@link conversationEventsRoute}). */
  events?: Omit<ConversationEventsOptions, 'channel'>;
  /** The cap on answers in progress (503 past it). */
  answers: AnswersInProgress;
  rateLimits: WebRateLimits;
  rateCounter: RateCounter;
  logger: Logger;
  /** Takes the cases visitors share; absent: the form is shown, sending it answers 503. */
  submissions?: SubmissionService;
  /** The engine's database (to pass on a shared case's conversation only when it is the visitor's). */
  db?: Queryable;
}

/** The channel name the web adapter reports to the engine. */
export const WEB_CHANNEL = 'web';

/** Builds the `/api` router (JSON body parsing included). */
export function createApiRouter(options: ApiRouterOptions): express.Router {
  const { engine, audience, maxBodyBytes, events, answers, rateLimits, rateCounter: counter, logger } = options;
  const router = express.Router();
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  // Before the JSON parser and its JSON-only rule: the form is multipart, with a file.
  router.use(
    createSubmissionRoutes({
      submissions: options.submissions,
      audience,
      channel: WEB_CHANNEL,
      db: options.db,
      limit: rateLimits.submission,
      rateCounter: counter,
      logger,
    }),
  );
  // The cap first, before the body is read: over it, 503 at once (a herd of refused clients retrying together is
  // answered fastest with the least work each).
  router.post('/chat', takeAnswerSlot(answers));
  router.use(express.json({ limit: maxBodyBytes, strict: true }));
  router.use(requireJsonBody());
  const limit = (route: keyof WebRateLimits) => limitRequests({ route, limit: rateLimits[route], counter, logger, userOf: anonymousUserId });

  // The slot is taken (above) before the rate limit's database query.
  router.post('/chat', limit('chat'), async (req, res) => {
    const parsed = chatRequestSchema.safeParse(req.body);
    if (!parsed.success) return sendValidationError(res, parsed.error);
    const { conversationId, text, user } = parsed.data;
    const message: IncomingMessage = {
      channel: WEB_CHANNEL,
      conversationId: conversationId ?? randomUUID(),
      threadId: '',
      user: {
        // Never the body's user.id: the cookie is the only identity a web user has (see chatRequestSchema).
        id: anonymousUserId(req, res),
        ...(user?.displayName ? { displayName: user.displayName } : {}),
        audience,
        anonymous: true,
      },
      text,
    };
    await answerInSlot(res, async () => {
      // Same checks, identity and cap either way; only the answer's wire form differs (chat-event-stream.ts).
      if (wantsEventStream(req)) await streamChat(req, res, engine, message, logger);
      else res.json(await engine.handleMessage(message));
    });
  });

  router.post('/feedback', limit('feedback'), async (req, res) => {
    const parsed = feedbackRequestSchema.safeParse(req.body);
    if (!parsed.success) return sendValidationError(res, parsed.error);
    const { replyId, value, comment } = parsed.data;
    const result = await engine.recordFeedback({
      replyId,
      value,
      ...(comment ? { comment } : {}),
      userId: anonymousUserId(req, res),
      channel: WEB_CHANNEL,
    });
    if (!result.ok) return sendError(res, 404, 'unknown_reply', result.message, 'replyId');
    res.json(result);
  });

  router.post('/adviser', limit('adviser'), async (req, res) => {
    const parsed = adviserRequestSchema.safeParse(req.body);
    if (!parsed.success) return sendValidationError(res, parsed.error);
    const { conversationId, language } = parsed.data;
    // A conversation that does not exist, is another browser's or has no question yet is refused by the engine
    // (ConversationAccessError → 404, 403, 409 in the error handler), and nothing is queued.
    const reply = await engine.requestAdviser({
      channel: WEB_CHANNEL,
      conversationId,
      threadId: '',
      user: { id: anonymousUserId(req, res), audience, anonymous: true },
      ...(language ? { language } : {}),
    });
    res.json(reply);
  });

  const eventsPath = '/conversations/:conversationId/events';
  if (events) router.get(eventsPath, conversationEventsRoute({ ...events, channel: WEB_CHANNEL }));
  // Without a database there is nothing to stream: 204 tells EventSource to stop without reconnecting.
  else router.get(eventsPath, (_req, res) => void res.status(204).end());
  router.all(eventsPath, methodNotAllowed('GET'));

  for (const path of ['/chat', '/feedback', '/adviser']) router.all(path, methodNotAllowed('POST'));
  router.use((_req, res) => sendError(res, 404, 'not_found', 'Den adresse findes ikke i API’et.'));
  return router;
}

/** Rejects POSTs whose body is not JSON (415), which also keeps plain HTML forms on other sites from posting here. */
function requireJsonBody(): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST' || req.is('application/json')) return next();
    sendError(res, 415, 'unsupported_media_type', 'Forespørgslen skal sendes som JSON (Content-Type: application/json).');
  };
}

function methodNotAllowed(allowed: string) {
  return (_req: Request, res: Response) => {
    res.set('Allow', allowed);
    sendError(res, 405, 'method_not_allowed', `Brug ${allowed}.`);
  };
}
