/**
 * The console's pages under `/advisers`: the sign-in page (`GET /advisers`), sign-in (`POST /advisers/session`:
 * token in, HttpOnly SameSite=Strict session cookie out, 303 to the queue; 429 after repeated wrong tokens), sign-out (`POST /advisers/sign-out`
 * with the CSRF token), the console's pages (`GET /advisers/queue`, `GET /advisers/insight`; signed-in advisers only)
 * and their assets, chart.js included (served from node_modules: no CDN, nothing inline).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Request, type Response } from 'express';
import type { AdviserStore } from '../../bot/advisers/index.js';
import { readCookie } from '../web/anonymous-user.js';
import type { Logger } from '../../config/logger.js';
import { PUBLIC_DIR as WEB_PUBLIC_DIR } from '../web/index.js';
import { isAuthenticated, resolveAdviser } from './adviser-auth.js';
import { SESSION_COOKIE } from './console-options.js';
import { renderSignInPage, type SignInPageOptions } from './sign-in-page.js';
import { tryAgainIn, type SignInThrottle } from './sign-in-throttle.js';

/** Folder with the console page's HTML, CSS and JS. */
export const CONSOLE_PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');

/** chart.js's UMD build (sets `window.Chart`); its package exports only the ESM/CJS entry, so found beside it. */
const CHART_JS_FILE = path.join(path.dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');

/** The console's pages, each for signed-in advisers only. */
const CONSOLE_PAGES: Record<string, string> = { '/queue': 'console.html', '/insight': 'insight.html', '/forslag': 'forslag.html', '/bibliotek': 'bibliotek.html' };

/** What the page routes need. */
export interface SessionRoutesOptions {
  advisers: AdviserStore;
  logger: Logger;
  now: () => Date;
  /** Refuses an address after repeated wrong tokens. */
  throttle: SignInThrottle;
}

function sendPage(res: Response, status: number, options: SignInPageOptions = {}): void {
  res.status(status).set('Cache-Control', 'no-store').type('html').send(renderSignInPage(options));
}

/**
 * A form post from another site (login CSRF) is refused. Browsers say where a request comes from in Sec-Fetch-Site;
 * older ones only in Origin (which is "null" under our no-referrer policy, so it then proves nothing).
 */
function crossSite(req: Request): boolean {
  const site = req.get('Sec-Fetch-Site');
  if (site !== undefined) return site !== 'same-origin' && site !== 'none';
  const origin = req.get('Origin');
  if (!origin || origin === 'null') return false;
  try {
    return new URL(origin).host !== req.get('host');
  } catch {
    return true;
  }
}

function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
}

/** Builds the `/advisers` router. */
export function createSessionRoutes({ advisers, logger, now, throttle }: SessionRoutesOptions): express.Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 5 });

  router.get('/', async (req, res) => {
    const auth = await resolveAdviser(req, advisers, now, { checkCsrf: false });
    if (isAuthenticated(auth)) return res.redirect(303, '/advisers/queue');
    if (req.query['logged-out'] !== undefined) return sendPage(res, 200, { notice: 'Du er logget ud.' });
    sendPage(res, 200, auth.status === 403 ? { error: auth.message } : {});
  });

  router.post('/session', form, async (req, res) => {
    if (crossSite(req)) return sendPage(res, 403, { error: 'Log ind direkte på denne side.' });
    const address = req.ip ?? 'unknown';
    const blockedFor = await throttle.blockedFor(address);
    if (blockedFor !== undefined) {
      res.set('Retry-After', String(blockedFor));
      return sendPage(res, 429, { error: `For mange forkerte forsøg på at logge ind. ${tryAgainIn(blockedFor)}` });
    }
    const token = typeof req.body?.token === 'string' ? req.body.token : '';
    const adviser = token ? await advisers.authenticate(token) : undefined;
    if (!adviser) {
      await throttle.failed(address);
      logger.warn('adviser sign-in refused: unknown token', { ip: req.ip });
      return sendPage(res, 401, { error: 'Tokenet er ikke gyldigt. Tjek, at du har kopieret det hele.' });
    }
    if (!adviser.enabled) {
      await advisers.audit({ actor: adviser.id, action: 'adviser.sign_in_refused', details: { reason: 'disabled' } });
      return sendPage(res, 403, { error: 'Din rådgiveradgang er deaktiveret. Kontakt en administrator.' });
    }
    // A new session each time (no fixation); the browser's previous one, if any, ends here.
    const previous = readCookie(req, SESSION_COOKIE);
    if (previous) await advisers.closeSession(previous);
    const session = await advisers.openSession(adviser.id);
    await advisers.audit({ actor: adviser.id, action: 'adviser.signed_in', details: { via: 'console' } });
    res.cookie(SESSION_COOKIE, session.sessionToken, {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
      path: '/',
      expires: new Date(session.expiresAt),
    });
    res.set('Cache-Control', 'no-store').redirect(303, '/advisers/queue');
  });

  router.post('/sign-out', form, async (req, res) => {
    const csrfToken = typeof req.body?.csrf === 'string' ? req.body.csrf : undefined;
    const auth = await resolveAdviser(req, advisers, now, { checkCsrf: true, ...(csrfToken ? { csrfToken } : {}) });
    if (!isAuthenticated(auth) && auth.code === 'csrf_failed') return sendPage(res, 403, { error: auth.message });
    if (isAuthenticated(auth) && auth.sessionToken) {
      await advisers.closeSession(auth.sessionToken);
      await advisers.audit({ actor: auth.adviser.id, action: 'adviser.signed_out', details: {} });
    }
    clearSessionCookie(req, res);
    res.set('Cache-Control', 'no-store').redirect(303, '/advisers?logged-out');
  });

  for (const [route, file] of Object.entries(CONSOLE_PAGES)) {
    router.get(route, async (req, res) => {
      const auth = await resolveAdviser(req, advisers, now, { checkCsrf: false });
      if (!isAuthenticated(auth)) {
        if (auth.status === 403) return sendPage(res, 403, { error: auth.message });
        return res.set('Cache-Control', 'no-store').redirect(303, '/advisers');
      }
      res.set('Cache-Control', 'no-store').sendFile(path.join(CONSOLE_PUBLIC_DIR, file));
    });
  }

  // The chat page's DOM and safe-Markdown helpers, shared rather than copied.
  for (const file of ['dom.js', 'markdown.js']) {
    router.get(`/assets/lib/${file}`, (_req, res) => {
      res.set('Cache-Control', 'no-cache').type('text/javascript').sendFile(path.join(WEB_PUBLIC_DIR, file));
    });
  }
  router.get('/assets/vendor/chart.umd.min.js', (_req, res) => {
    res.set('Cache-Control', 'no-cache').type('text/javascript').sendFile(CHART_JS_FILE);
  });
  router.use('/assets', express.static(CONSOLE_PUBLIC_DIR, { index: false, dotfiles: 'ignore', setHeaders: (res) => res.set('Cache-Control', 'no-cache') }));
  return router;
}
