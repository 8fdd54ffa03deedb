/**
 * `/api/advisers`: `GET /` lists the enabled advisers (for "Overdrag til"), `GET /me` says who is signed in and,
 * for a console session, its CSRF token (the page reads it from here: same-origin only, never cached).
 */
import express from 'express';
import type { AdviserStore } from '../../bot/advisers/index.js';
import { sendError } from '../web/http-errors.js';
import { currentAuth, requireAdviser } from './adviser-auth.js';
import type { SignInThrottle } from './sign-in-throttle.js';

/** Builds the `/api/advisers` router. */
export function createColleagueRoutes(advisers: AdviserStore, now: () => Date, throttle?: SignInThrottle): express.Router {
  const router = express.Router();
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(requireAdviser(advisers, now, throttle));

  router.get('/', async (_req, res) => {
    const colleagues = await advisers.list({ enabledOnly: true });
    res.json({ advisers: colleagues.map(({ id, name }) => ({ id, name })) });
  });

  router.get('/me', (_req, res) => {
    const { adviser, csrfToken, via } = currentAuth(res);
    res.json({ adviser: { id: adviser.id, name: adviser.name, email: adviser.email }, via, ...(csrfToken ? { csrfToken } : {}) });
  });

  router.use((_req, res) => sendError(res, 404, 'not_found', 'Den adresse findes ikke i API’et.'));
  return router;
}
