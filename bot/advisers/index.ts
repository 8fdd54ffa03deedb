/** Advisers: accounts with personal access tokens, console sessions with CSRF tokens, and the sign-in audit trail. */
export { createAdviserStore, normaliseEmail, DEFAULT_SESSION_TTL_MS, type AdviserStoreOptions } from './adviser-store.js';
export {
  ACCESS_TOKEN_PREFIX,
  generateAccessToken,
  generateCsrfToken,
  generateSessionToken,
  hashSecret,
  looksLikeAccessToken,
  secretsEqual,
} from './adviser-secrets.js';
export {
  AdviserInputError,
  type ActiveSession,
  type Adviser,
  type DisabledAdviser,
  type AdviserStore,
  type AuditEntry,
  type IssuedToken,
  type NewAdviser,
  type OpenedSession,
} from './adviser-types.js';
