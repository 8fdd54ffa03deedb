/**
 * Who is calling the advisers' API: `Authorization: Bearer <token>` (scripts) or the console's session cookie. With
 * the cookie, every state-changing request must also carry the session's CSRF token in `X-CSRF-Token`; bearer calls
 * are exempt (a browser never adds that header on its own). No auth → 401; disabled adviser or bad CSRF → 403.
 */
import type { Request, RequestHandler, Response } from 'express';
import { secretsEqual, type Adviser, type AdviserStore } from '../../bot/advisers/index.js';
import { readCookie } from '../web/anonymous-user.js';
import { sendError, type ApiErrorCode } from '../web/http-errors.js';
import { CSRF_HEADER, SESSION_COOKIE } from './console-options.js';
import { tryAgainIn, type SignInThrottle } from './sign-in-throttle.js';

/** The authenticated caller, on `res.locals.auth`. */
export interface AdviserAuth {
  adviser: Adviser;
  via: 'bearer' | 'session';
  /** Only for session auth: the session's CSRF token and cookie value. */
  csrfToken?: string;
  sessionToken?: string;
}

/** Why a request was refused. */
export interface AuthRefusal {
  status: 401 | 403;
  code: ApiErrorCode;
  message: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const NOT_SIGNED_IN: AuthRefusal = { status: 401, code: 'unauthorized', message: 'Log ind som rådgiver for at fortsætte.' };
const DISABLED: AuthRefusal = { status: 403, code: 'forbidden', message: 'Din rådgiveradgang er deaktiveret.' };

/** How {@link resolveAdviser} treats the CSRF rule. */
export interface ResolveOptions {
  /** Default: for every method but GET, HEAD and OPTIONS. False only for requests that change nothing. */
  checkCsrf?: boolean;
  /** The token presented, when not in the `X-CSRF-Token` header (a form field). */
  csrfToken?: string;
}

/** Resolves the caller of a request without answering it (the pages use this to choose sign-in or console). */
export async function resolveAdviser(
  req: Request,
  advisers: AdviserStore,
  now: () => Date,
  options: ResolveOptions = {},
): Promise<AdviserAuth | AuthRefusal> {
  const checkCsrf = options.checkCsrf ?? !SAFE_METHODS.has(req.method);
  const header = req.get('Authorization');
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const adviser = match ? await advisers.authenticate(match[1]!) : undefined;
    if (!adviser) return { ...NOT_SIGNED_IN, message: 'Ugyldigt adgangstoken.' };
    return adviser.enabled ? { adviser, via: 'bearer' } : DISABLED;
  }
  const sessionToken = readCookie(req, SESSION_COOKIE);
  if (!sessionToken) return NOT_SIGNED_IN;
  const session = await advisers.findSession(sessionToken);
  if (!session || new Date(session.expiresAt).getTime() <= now().getTime()) {
    return { ...NOT_SIGNED_IN, message: 'Din session er udløbet. Log ind igen.' };
  }
  if (!session.adviser.enabled) return DISABLED;
  if (checkCsrf && !secretsEqual(options.csrfToken ?? req.get(CSRF_HEADER), session.csrfToken)) {
    return { status: 403, code: 'csrf_failed', message: 'Sikkerhedstjek fejlede. Genindlæs siden, og prøv igen.' };
  }
  return { adviser: session.adviser, via: 'session', csrfToken: session.csrfToken, sessionToken };
}

/** True for a successful {@link resolveAdviser} result. */
export function isAuthenticated(result: AdviserAuth | AuthRefusal): result is AdviserAuth {
  return 'adviser' in result;
}

/**
 * Middleware: only signed-in, enabled advisers pass; the rest get the JSON 401/403. With a `throttle`, wrong bearer
 * tokens count as failed sign-ins of the caller's address, and a throttled address gets 429 with `Retry-After`.
 */
export function requireAdviser(advisers: AdviserStore, now: () => Date, throttle?: SignInThrottle): RequestHandler {
  return async (req, res, next) => {
    const bearer = throttle !== undefined && req.get('Authorization') !== undefined;
    const address = req.ip ?? 'unknown';
    if (bearer) {
      const blockedFor = await throttle.blockedFor(address);
      if (blockedFor !== undefined) {
        res.set('Retry-After', String(blockedFor));
        return sendError(res, 429, 'rate_limited', `For mange forkerte adgangstokens. ${tryAgainIn(blockedFor)}`);
      }
    }
    const result = await resolveAdviser(req, advisers, now);
    if (isAuthenticated(result)) {
      res.locals.auth = result;
      return next();
    }
    if (bearer && result.status === 401) await throttle.failed(address);
    if (result.status === 401) res.set('WWW-Authenticate', 'Bearer realm="advisers"');
    sendError(res, result.status, result.code, result.message);
  };
}

/** The caller {@link requireAdviser} let through. */
export function currentAuth(res: Response): AdviserAuth {
  return res.locals.auth as AdviserAuth;
}
