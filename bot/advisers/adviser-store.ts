/**
 * The adviser store on the database port: accounts with hashed tokens, console sessions (hashed ids, CSRF token,
 * fixed expiry) and audit rows. See adviser-types.ts for the contract.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../knowledge/db/db.js';
import { returnClaimsToQueue } from '../escalation/return-claims.js';
import { generateAccessToken, generateCsrfToken, generateSessionToken, hashSecret, looksLikeAccessToken, secretsEqual } from './adviser-secrets.js';
import * as sql from './adviser-sql.js';
import { AdviserInputError, type Adviser, type AdviserStore, type NewAdviser } from './adviser-types.js';

/** How long a console session lasts: 12 hours, from sign-in (not sliding). */
export const DEFAULT_SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Options for {@link createAdviserStore}. */
export interface AdviserStoreOptions {
  /** Session lifetime. @default DEFAULT_SESSION_TTL_MS */
  sessionTtlMs?: number;
  /** Injected clock (tests). */
  now?: () => Date;
}

const EMAIL = /^[^\s@<>"',;]+@[^\s@<>"',;]+\.[^\s@<>"',;]+$/;
const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;
const TEAMS_USER = /^[\w:.@-]{3,200}$/;

/** Trims and lower-cases an e-mail address, the form in which it is stored and looked up. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function toAdviser(row: sql.AdviserRow): Adviser {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    enabled: row.enabled === true,
    ...(row.slack_user_id ? { slackUserId: row.slack_user_id } : {}),
    ...(row.teams_user_id ? { teamsUserId: row.teams_user_id } : {}),
    createdAt: new Date(row.created_at).toISOString(),
  };
}

function validNewAdviser(input: NewAdviser): NewAdviser {
  const name = input.name.trim().replace(/\s+/g, ' ');
  const email = normaliseEmail(input.email);
  if (!name || name.length > 200) throw new AdviserInputError('navnet skal være 1-200 tegn');
  if (email.length > 254 || !EMAIL.test(email)) throw new AdviserInputError(`ugyldig e-mailadresse: ${input.email}`);
  return { name, email };
}

/**
 * Creates the adviser store.
 *
 * @example
 * const advisers = createAdviserStore(db);
 * const { adviser, token } = await advisers.add({ name: 'Mette Rådgiver', email: 'mette@kraftcenter.dk' });
 * (await advisers.authenticate(token))?.id === adviser.id; // true
 */
export function createAdviserStore(db: Db, options: AdviserStoreOptions = {}): AdviserStore {
  const now = options.now ?? (() => new Date());
  const ttl = options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;

  const one = async (query: string, params: unknown[]): Promise<Adviser | undefined> => {
    const { rows } = await db.query<sql.AdviserRow>(query, params);
    return rows[0] ? toAdviser(rows[0]) : undefined;
  };

  return {
    async add(input) {
      const { name, email } = validNewAdviser(input);
      const token = generateAccessToken();
      const adviser = await one(sql.INSERT_ADVISER, [randomUUID(), name, email, hashSecret(token)]);
      if (!adviser) throw new AdviserInputError(`der findes allerede en rådgiver med e-mailen ${email}`);
      return { adviser, token };
    },

    async list({ enabledOnly = false } = {}) {
      const { rows } = await db.query<sql.AdviserRow>(sql.LIST_ADVISERS, [enabledOnly]);
      return rows.map(toAdviser);
    },

    get: (id) => one(sql.ADVISER_BY_ID, [id]),
    findByEmail: (email) => one(sql.ADVISER_BY_EMAIL, [normaliseEmail(email)]),
    findBySlackUser: (slackUserId) => one(sql.ADVISER_BY_SLACK_USER, [slackUserId]),

    async disable(email, { actor = 'system' } = {}) {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<sql.AdviserRow>(sql.SET_ENABLED, [normaliseEmail(email), false]);
        if (!rows[0]) return undefined;
        await tx.query(sql.DELETE_ADVISER_SESSIONS, [rows[0].id]);
        // In the same transaction: nobody sees the adviser disabled while their users still wait on them.
        const returned = await returnClaimsToQueue(tx, { adviserId: rows[0].id, actor, now: now() });
        return { ...toAdviser(rows[0]), returnedEscalations: returned.map((claim) => claim.escalationId) };
      });
    },

    enable: (email) => one(sql.SET_ENABLED, [normaliseEmail(email), true]),

    async rotateToken(email) {
      const token = generateAccessToken();
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<sql.AdviserRow>(sql.SET_TOKEN_HASH, [normaliseEmail(email), hashSecret(token)]);
        if (!rows[0]) return undefined;
        await tx.query(sql.DELETE_ADVISER_SESSIONS, [rows[0].id]);
        return { adviser: toAdviser(rows[0]), token };
      });
    },

    async linkSlack(email, slackUserId) {
      const id = slackUserId.trim();
      if (!SLACK_USER.test(id)) throw new AdviserInputError(`ugyldigt Slack-bruger-id: ${slackUserId} (forventer fx U012AB3CD)`);
      return one(sql.SET_SLACK_USER, [normaliseEmail(email), id]);
    },

    async linkTeams(email, teamsUserId) {
      const id = teamsUserId.trim();
      if (!TEAMS_USER.test(id)) throw new AdviserInputError(`ugyldigt Teams-bruger-id: ${teamsUserId} (forventer AAD-objekt-id'et)`);
      return one(sql.SET_TEAMS_USER, [normaliseEmail(email), id]);
    },

    async authenticate(token) {
      const candidate = token.trim();
      if (!looksLikeAccessToken(candidate)) return undefined;
      const hash = hashSecret(candidate);
      const { rows } = await db.query<sql.AdviserRow>(sql.ADVISER_BY_TOKEN_HASH, [hash]);
      const row = rows[0];
      // The lookup is by hash of a 256-bit secret; the constant-time check is a second line of defence.
      return row && secretsEqual(row.token_hash, hash) ? toAdviser(row) : undefined;
    },

    async openSession(adviserId) {
      const sessionToken = generateSessionToken();
      const csrfToken = generateCsrfToken();
      const at = now();
      const expiresAt = new Date(at.getTime() + ttl).toISOString();
      await db.query(sql.DELETE_EXPIRED_SESSIONS, [at.toISOString()]);
      await db.query(sql.INSERT_SESSION, [hashSecret(sessionToken), adviserId, csrfToken, expiresAt]);
      return { sessionToken, csrfToken, expiresAt };
    },

    async findSession(sessionToken) {
      if (!sessionToken || sessionToken.length > 200) return undefined;
      const id = hashSecret(sessionToken);
      const { rows } = await db.query<sql.SessionRow>(sql.SESSION_WITH_ADVISER, [id]);
      const row = rows[0];
      if (!row) return undefined;
      const expiresAt = new Date(row.expires_at);
      if (expiresAt.getTime() <= now().getTime()) {
        await db.query(sql.DELETE_SESSION, [id]);
        return undefined;
      }
      return { adviser: toAdviser(row), csrfToken: row.csrf_token, expiresAt: expiresAt.toISOString() };
    },

    async closeSession(sessionToken) {
      if (sessionToken) await db.query(sql.DELETE_SESSION, [hashSecret(sessionToken)]);
    },

    async audit(entry) {
      await db.query(sql.INSERT_AUDIT, [entry.actor, entry.action, entry.escalationId ?? null, JSON.stringify(entry.details ?? {})]);
    },
  };
}
