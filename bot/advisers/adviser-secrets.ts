/**
 * Secrets for advisers: personal access tokens (`kca_…`), session tokens and CSRF tokens from crypto.randomBytes,
 * stored only as sha256 hashes, and compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every personal access token starts with this, so leaked tokens are easy to recognise (and to scan for). */
export const ACCESS_TOKEN_PREFIX = 'kca_';

/** 32 random bytes as base64url (43 characters). */
function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A new personal access token: `kca_` + 43 base64url characters (256 bits). Shown once, never stored. */
export function generateAccessToken(): string {
  return `${ACCESS_TOKEN_PREFIX}${randomSecret()}`;
}

/** A new session token: the value of the console's session cookie. Only its hash is stored. */
export function generateSessionToken(): string {
  return randomSecret();
}

/** A new CSRF token for a session (sent back by the console in `X-CSRF-Token`). */
export function generateCsrfToken(): string {
  return randomSecret();
}

/** The sha256 of a secret, as lowercase hex: what the database keeps instead of the secret. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * Compares two secrets in constant time (for their content; both sides are hashed first, so their lengths leak
 * nothing either). Empty or missing values never match.
 */
export function secretsEqual(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const left = createHash('sha256').update(a, 'utf8').digest();
  const right = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(left, right);
}

/** Whether a string has the shape of an access token (cheap check before any database lookup). */
export function looksLikeAccessToken(value: string): boolean {
  return /^kca_[A-Za-z0-9_-]{43}$/.test(value);
}
