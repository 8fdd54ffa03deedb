/**
 * Security headers for every response: a strict Content-Security-Policy (scripts and styles from this origin only,
 * nothing inline), nosniff, no referrer, no framing unless the deployment names the sites that may embed the chat
 * (WEB_EMBED_ORIGINS, for the widget); and HSTS on requests that came over HTTPS.
 */
import type { RequestHandler } from 'express';

/** The page's Content-Security-Policy when nobody may frame it (the default, and always for the console). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The Content-Security-Policy with `frame-ancestors` set to the origins that may frame the page (the widget's iframe
 * on the centre's website or an intranet); none means `'none'`.
 */
export function contentSecurityPolicy(frameAncestors: readonly string[] = []): string {
  if (frameAncestors.length === 0) return CONTENT_SECURITY_POLICY;
  return CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", `frame-ancestors ${frameAncestors.join(' ')}`);
}

/** Options for {@link securityHeaders}. */
export interface SecurityHeaderOptions {
  /** Origins (`https://host[:port]`) whose pages may frame these pages. Default none: framing is refused. */
  frameAncestors?: readonly string[];
}

/** Strict-Transport-Security: a year, subdomains included (the centre's own host names). */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

/**
 * Middleware that sets the security headers. HSTS only when the request itself was secure: the server speaks plain
 * HTTP, so that means `TRUST_PROXY` is set and the proxy said `X-Forwarded-Proto: https` (a browser ignores HSTS
 * over plain HTTP anyway, and a local `npm start` must not pin localhost to HTTPS). X-Frame-Options (DENY) only when
 * no origin may frame the pages: it cannot name origins, and a browser that knows `frame-ancestors` ignores it.
 */
export function securityHeaders(options: SecurityHeaderOptions = {}): RequestHandler {
  const headers = securityHeaderValues(options);
  return (req, res, next) => {
    if (req.secure) res.set('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
    res.set(headers);
    next();
  };
}

/** The headers {@link securityHeaders} sets on every response, HSTS aside (for a response written without express). */
export function securityHeaderValues(options: SecurityHeaderOptions = {}): Record<string, string> {
  const frameAncestors = options.frameAncestors ?? [];
  return {
    'Content-Security-Policy': contentSecurityPolicy(frameAncestors),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    ...(frameAncestors.length === 0 ? { 'X-Frame-Options': 'DENY' } : {}),
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  };
}
