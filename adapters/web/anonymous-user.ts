/**
 * The anonymous web visitor: a random id kept in the `kc_uid` cookie (HttpOnly, SameSite=Lax; SameSite=None and partitioned when another site may frame the chat), so feedback and
 * adviser requests from one browser belong together without any login.
 */
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';

/** Name of the cookie holding the anonymous id. */
export const ANONYMOUS_COOKIE = 'kc_uid';

const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads one cookie from the request's `Cookie` header (no cookie-parser needed for a single value). */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * Returns the visitor's anonymous user id (`anon-<uuid>`), setting the cookie when it is missing or not a UUID.
 * Remembered for the request, so a rate limit and the route see the same new id.
 */
export function anonymousUserId(req: Request, res: Response): string {
  const known = res.locals.anonymousUserId as string | undefined;
  if (known) return known;
  let id = readCookie(req, ANONYMOUS_COOKIE);
  if (id === undefined || !UUID.test(id)) {
    id = randomUUID();
    // In another site's frame (WEB_EMBED_ORIGINS) a Lax cookie is not sent back, and each question would come from a
    // new visitor (403 on their own conversation): there, over HTTPS, the cookie is SameSite=None and partitioned
    // (CHIPS: kept per embedding site, so it cannot track a visitor across sites).
    const crossSite = res.locals.embeddable === true && req.secure;
    res.cookie(ANONYMOUS_COOKIE, id, {
      httpOnly: true,
      sameSite: crossSite ? 'none' : 'lax',
      secure: req.secure,
      ...(crossSite ? { partitioned: true } : {}),
      path: '/',
      maxAge: ONE_YEAR_MS,
    });
  }
  res.locals.anonymousUserId = `anon-${id.toLowerCase()}`;
  return res.locals.anonymousUserId as string;
}
