/**
 * The insight API under `/api/insight` (session cookie or bearer token, as the rest of the advisers' API; it only
 * reads, so there is no POST and no CSRF token to check):
 *   GET /        every figure of the insight page for a period and filters (see insight-schemas.ts)
 *   GET /draft   a knowledge gap as a case or method draft in the library's Markdown format (a download)
 */
import express from 'express';
import type { AdviserStore } from '../../bot/advisers/index.js';
import { gapDraftFileName, renderGapDraft, today, type InsightService } from '../../bot/insight/index.js';
import { sendError, sendValidationError } from '../web/http-errors.js';
import { requireAdviser } from './adviser-auth.js';
import { gapDraftQuerySchema, insightQuerySchema, toInsightQuery } from './insight-schemas.js';
import type { SignInThrottle } from './sign-in-throttle.js';

/** What the insight routes need. */
export interface InsightRoutesOptions {
  insights: InsightService;
  advisers: AdviserStore;
  now: () => Date;
  throttle?: SignInThrottle;
}

/** Builds the `/api/insight` router. */
export function createInsightRoutes({ insights, advisers, now, throttle }: InsightRoutesOptions): express.Router {
  const router = express.Router();
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(requireAdviser(advisers, now, throttle));

  router.get('/', async (req, res) => {
    const parsed = insightQuerySchema.safeParse(req.query);
    if (!parsed.success) return sendValidationError(res, parsed.error);
    res.json(await insights.report(toInsightQuery(parsed.data, insights)));
  });

  router.get('/draft', (req, res) => {
    const parsed = gapDraftQuerySchema.safeParse(req.query);
    if (!parsed.success) return sendValidationError(res, parsed.error);
    const { type, topic, example, count } = parsed.data;
    const markdown = renderGapDraft({ type, topic, examples: example, ...(count !== undefined ? { count } : {}), date: today(now(), insights.timezone) });
    res.attachment(gapDraftFileName({ type, topic })).type('text/markdown; charset=utf-8').send(markdown);
  });

  router.use((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD' && (req.path === '/' || req.path === '/draft')) {
      res.set('Allow', 'GET');
      return sendError(res, 405, 'method_not_allowed', 'Brug GET.');
    }
    sendError(res, 404, 'not_found', 'Den adresse findes ikke i API’et.');
  });
  return router;
}
