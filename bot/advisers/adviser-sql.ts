/**
 * The SQL of the adviser store (tables `advisers`, `adviser_sessions`, `audit_log` from migration 005_handoff.sql).
 * Runs unchanged on PGlite and Postgres.
 */

const ADVISER_COLUMNS = 'id, name, email, enabled, slack_user_id, teams_user_id, created_at';

export const INSERT_ADVISER = `INSERT INTO advisers (id, name, email, token_hash, enabled)
  VALUES ($1, $2, $3, $4, true)
  ON CONFLICT (email) DO NOTHING
  RETURNING ${ADVISER_COLUMNS}`;

export const LIST_ADVISERS = `SELECT ${ADVISER_COLUMNS} FROM advisers
  WHERE enabled OR NOT $1::boolean ORDER BY lower(name), email`;

export const ADVISER_BY_ID = `SELECT ${ADVISER_COLUMNS} FROM advisers WHERE id = $1`;
export const ADVISER_BY_EMAIL = `SELECT ${ADVISER_COLUMNS} FROM advisers WHERE email = $1`;
export const ADVISER_BY_SLACK_USER = `SELECT ${ADVISER_COLUMNS} FROM advisers WHERE slack_user_id = $1`;
export const ADVISER_BY_TOKEN_HASH = `SELECT ${ADVISER_COLUMNS}, token_hash FROM advisers WHERE token_hash = $1`;

export const SET_ENABLED = `UPDATE advisers SET enabled = $2 WHERE email = $1 RETURNING ${ADVISER_COLUMNS}`;
export const SET_TOKEN_HASH = `UPDATE advisers SET token_hash = $2 WHERE email = $1 RETURNING ${ADVISER_COLUMNS}`;
export const SET_SLACK_USER = `UPDATE advisers SET slack_user_id = $2 WHERE email = $1 RETURNING ${ADVISER_COLUMNS}`;
export const SET_TEAMS_USER = `UPDATE advisers SET teams_user_id = $2 WHERE email = $1 RETURNING ${ADVISER_COLUMNS}`;

export const INSERT_SESSION = `INSERT INTO adviser_sessions (id, adviser_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)`;

export const SESSION_WITH_ADVISER = `SELECT s.csrf_token, s.expires_at,
    a.id, a.name, a.email, a.enabled, a.slack_user_id, a.teams_user_id, a.created_at
  FROM adviser_sessions s JOIN advisers a ON a.id = s.adviser_id
  WHERE s.id = $1`;

export const DELETE_SESSION = `DELETE FROM adviser_sessions WHERE id = $1`;
export const DELETE_ADVISER_SESSIONS = `DELETE FROM adviser_sessions WHERE adviser_id = $1`;
export const DELETE_EXPIRED_SESSIONS = `DELETE FROM adviser_sessions WHERE expires_at <= $1`;

export const INSERT_AUDIT = `INSERT INTO audit_log (actor, action, escalation_id, details) VALUES ($1, $2, $3, $4::jsonb)`;

/** A row of `advisers` as the queries above return it. */
export interface AdviserRow {
  id: string;
  name: string;
  email: string;
  enabled: boolean;
  slack_user_id: string | null;
  teams_user_id: string | null;
  created_at: Date | string;
  token_hash?: string;
}

/** A session joined with its adviser. */
export interface SessionRow extends AdviserRow {
  csrf_token: string;
  expires_at: Date | string;
}
