/**
 * The advisers' accounts and console sessions: who may see and act on escalations. Tokens and session ids are only
 * ever stored as sha256 hashes; the plain values are handed out once.
 */
import { AppError } from '../../config/app-error.js';
import type { AdviserIdentity } from '../escalation/escalation-port.js';

/** An adviser's account (never carries the token or its hash). */
export interface Adviser extends AdviserIdentity {
  enabled: boolean;
  slackUserId?: string;
  teamsUserId?: string;
  createdAt: string;
}

/** A disabled account and the escalations it held that went back to the queue. */
export interface DisabledAdviser extends Adviser {
  returnedEscalations: string[];
}

/** A new adviser's name and e-mail address (the e-mail is the handle the CLI uses). */
export interface NewAdviser {
  name: string;
  email: string;
}

/** An account together with its freshly made access token: shown to the operator once. */
export interface IssuedToken {
  adviser: Adviser;
  token: string;
}

/** A console session as the browser holds it: the cookie value and the CSRF token, both secret. */
export interface OpenedSession {
  sessionToken: string;
  csrfToken: string;
  expiresAt: string;
}

/** A valid (unexpired) console session and whose it is. `adviser.enabled` may be false: the caller refuses it. */
export interface ActiveSession {
  adviser: Adviser;
  csrfToken: string;
  expiresAt: string;
}

/** One row of the audit log. `actor` is an adviser id, or e.g. `cli:<user>` for the command line. */
export interface AuditEntry {
  actor: string;
  action: string;
  escalationId?: string;
  details?: Record<string, unknown>;
}

/** The adviser store: accounts, tokens, console sessions and the sign-in audit trail. */
export interface AdviserStore {
  /** Creates an enabled adviser and its first token. @throws AdviserInputError (bad input or e-mail taken) */
  add(input: NewAdviser): Promise<IssuedToken>;
  /** Every adviser, enabled or not, by name; `enabledOnly` for the colleagues an escalation can go to. */
  list(options?: { enabledOnly?: boolean }): Promise<Adviser[]>;
  get(id: string): Promise<Adviser | undefined>;
  findByEmail(email: string): Promise<Adviser | undefined>;
  findBySlackUser(slackUserId: string): Promise<Adviser | undefined>;
  /**
   * Disables the account, ends its sessions and returns its claimed escalations to the queue (audited as `actor`,
   * default `system`; the users are told a colleague will take over), all in one transaction; undefined when no
   * adviser has that e-mail.
   */
  disable(email: string, options?: { actor?: string }): Promise<DisabledAdviser | undefined>;
  /** Enables a disabled account again (its old token works again; rotate it when in doubt). */
  enable(email: string): Promise<Adviser | undefined>;
  /** Replaces the token (the old one stops working at once) and ends the account's sessions. */
  rotateToken(email: string): Promise<IssuedToken | undefined>;
  /** Stores the adviser's Slack user id (`U…`) so Slack actions can be attributed. */
  linkSlack(email: string, slackUserId: string): Promise<Adviser | undefined>;
  /** Stores the adviser's Teams user id (the AAD object id, or the `29:…` id) so card actions can be attributed. */
  linkTeams(email: string, teamsUserId: string): Promise<Adviser | undefined>;
  /** The adviser a token belongs to, enabled or not; undefined for unknown or malformed tokens. */
  authenticate(token: string): Promise<Adviser | undefined>;
  /** Starts a console session (12 hours unless configured otherwise). */
  openSession(adviserId: string): Promise<OpenedSession>;
  /** The session behind a cookie value; undefined when unknown or expired (expired ones are deleted). */
  findSession(sessionToken: string): Promise<ActiveSession | undefined>;
  /** Ends a session (sign-out). Unknown tokens are ignored. */
  closeSession(sessionToken: string): Promise<void>;
  /** Appends to the audit log. */
  audit(entry: AuditEntry): Promise<void>;
}

/** Input the store refuses: a blank name, a malformed or taken e-mail, a malformed Slack or Teams user id. */
export class AdviserInputError extends AppError<'advisers.invalid_input'> {
  constructor(message: string) {
    super('advisers.invalid_input', message);
  }
}
