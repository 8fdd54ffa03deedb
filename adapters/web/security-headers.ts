/**
 * Security headers for every response: a strict Content-Security-Policy (scripts and styles from this origin only,
 * nothing inline), nosniff, no referrer, no framing; and HSTS on requests that came over HTTPS.
 */
import type { RequestHandler } from 'express';

/** The page's Content-Security-Policy. */
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

/** Strict-Transport-Security: a year, subdomains included (the centre's own host names). */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

/**
 * Middleware that sets the security headers. HSTS only when the request itself was secure: the server speaks plain
 * HTTP, so that means `TRUST_PROXY` is set and the proxy said `X-Forwarded-Proto: https` (a browser ignores HSTS
 * over plain HTTP anyway, and a local `npm start` must not pin localhost to HTTPS).
 */
export function securityHeaders(): RequestHandler {
  return (req, res, next) => {
    if (req.secure) res.set('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
    res.set({
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
    });
    next();
  };
}
