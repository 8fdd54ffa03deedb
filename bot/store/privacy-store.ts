/**
 * A person's rights over what the assistant stores about them: everything as JSON (export), and all of it deleted
 * (erase). `npm run privacy -- export|erase --user …` (bin/privacy.ts) is the way in.
 *
 * How a person is known, per channel (what the engine stores as `conversations.user_id`, `messages.author_id`,
 * `feedback.user_id`): in Slack their user id (`U…`; the CLI also takes `slack:T…:U…`), in Teams their Entra (AAD)
 * object id, on the web the random id in their browser's `kc_uid` cookie. An adviser is known by e-mail or adviser id;
 * their linked Slack and Teams ids count as theirs too. Which rows are theirs is decided in SQL (privacy-sql.ts):
 * their own conversations whole; in a conversation others wrote in too, their messages and the answers to them.
 */
import { AppError } from '../../config/app-error.js';
import type { Db, Queryable } from '../../knowledge/index.js';
import { CREATE_PERSON, CREATE_SCOPE, ERASE_STATEMENTS, ERASED_TABLES, EXPORT_QUERIES, REPLACE_ADVISER_NAME } from './privacy-sql.js';
import { countTableRows } from './count-table-rows.js';

/** The person asked about, as typed: a user id of one channel (or any), or an adviser's e-mail. */
export type PersonRef = { kind: 'user'; channel?: 'slack' | 'teams' | 'web'; id: string } | { kind: 'email'; email: string };

/** The `--user` value is not one we can read. */
export class PersonRefError extends AppError<'privacy.bad_person'> {
  constructor(message: string) {
    super('privacy.bad_person', message);
  }
}

/**
 * Reads `slack:U123`, `slack:T1:U123`, `teams:<aad object id>`, `web:<cookie id>`, an e-mail, or a bare id (any channel).
 * @throws PersonRefError when it is empty or a prefix has no id
 */
export function parsePersonRef(value: string): PersonRef {
  const text = value.trim();
  const match = /^(slack|teams|web):(.*)$/i.exec(text);
  if (match) {
    const channel = match[1]!.toLowerCase() as 'slack' | 'teams' | 'web';
    // A Slack user is unique within its workspace; the stored id is the user id alone.
    const id = (channel === 'slack' ? match[2]!.split(':').at(-1)! : match[2]!).trim();
    if (!id) throw new PersonRefError(`"${text}" mangler et id efter "${channel}:"`);
    return { kind: 'user', channel, id };
  }
  if (text.includes('@')) return { kind: 'email', email: text.toLowerCase() };
  if (!text) throw new PersonRefError('--user mangler et id eller en e-mail');
  return { kind: 'user', id: text };
}

/** Who a reference turned out to be. */
export interface Person {
  /** Their user ids in the channels. */
  userIds: string[];
  /** When they are an adviser. */
  adviser?: { id: string; name: string; email: string };
}

/**
 * Finds the person behind `ref`: an adviser by e-mail, id or linked Slack/Teams id, and the user ids that are theirs.
 * @throws PersonRefError for an e-mail no adviser has (users are not stored by e-mail)
 */
export async function resolvePerson(q: Queryable, ref: PersonRef): Promise<Person> {
  const adviserRows = await q.query<{ id: string; name: string; email: string; slack_user_id: string | null; teams_user_id: string | null }>(
    ref.kind === 'email'
      ? 'SELECT id, name, email, slack_user_id, teams_user_id FROM advisers WHERE lower(email) = $1'
      : 'SELECT id, name, email, slack_user_id, teams_user_id FROM advisers WHERE id = $1 OR slack_user_id = $1 OR teams_user_id = $1',
    [ref.kind === 'email' ? ref.email : ref.id],
  );
  const adviser = adviserRows.rows[0];
  if (ref.kind === 'email' && !adviser) {
    throw new PersonRefError(
      `ingen rådgiver har e-mailen ${ref.email}; brugere kendes på deres id (slack:U…, teams:<AAD-objekt-id>, web:<kc_uid>), ikke på e-mail`,
    );
  }
  const userIds = new Set<string>();
  if (ref.kind === 'user') userIds.add(ref.id);
  if (adviser?.slack_user_id) userIds.add(adviser.slack_user_id);
  if (adviser?.teams_user_id) userIds.add(adviser.teams_user_id);
  return { userIds: [...userIds], ...(adviser ? { adviser: { id: adviser.id, name: adviser.name, email: adviser.email } } : {}) };
}

/** The strings whose mention makes a row the person's. */
export function identifiersOf(person: Person): string[] {
  const all = [...person.userIds, ...(person.adviser ? [person.adviser.id, person.adviser.email, person.adviser.name] : [])];
  return [...new Set(all.filter((value) => value.length > 0))];
}

/** Everything stored about a person. */
export interface PersonExport {
  format: 'kraftcenter-privacy-export';
  version: 1;
  exportedAt: string;
  person: Person;
  /** Per table, the rows that are theirs, as stored (an adviser's token hash and session keys left out). */
  tables: Record<string, unknown[]>;
}

async function prepareScope(tx: Queryable, person: Person): Promise<void> {
  const [userIds, adviser, idents] = CREATE_PERSON;
  await tx.query(userIds!, [person.userIds]);
  await tx.query(adviser!, [person.adviser?.id ?? null]);
  await tx.query(idents!, [identifiersOf(person)]);
  for (const statement of CREATE_SCOPE) await tx.query(statement);
}

/**
 * Everything stored about `person`, read in one REPEATABLE READ transaction (one moment of the database).
 *
 * @example
 * const data = await exportPerson(db, await resolvePerson(db, parsePersonRef('slack:U123')), new Date());
 */
export async function exportPerson(db: Db, person: Person, now: Date): Promise<PersonExport> {
  const tables = await db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await prepareScope(tx, person);
    const result: Record<string, unknown[]> = {};
    for (const [table, sql] of Object.entries(EXPORT_QUERIES)) {
      const rows = await tx.query<{ row: unknown }>(sql);
      result[table] = rows.rows.map((row) => (typeof row.row === 'string' ? JSON.parse(row.row) : row.row));
    }
    return result;
  });
  return { format: 'kraftcenter-privacy-export', version: 1, exportedAt: now.toISOString(), person, tables };
}

export type ErasedTable = (typeof ERASED_TABLES)[number];

/** What one erasure removed, per table (cascades included). */
export interface ErasureReport {
  deleted: Record<ErasedTable, number>;
}

/**
 * Deletes everything stored about `person` in one transaction: their conversations (messages, feedback, escalations
 * with their Slack cards and outbox rows), their messages and the answers to them in conversations others share,
 * their feedback, knowledge gaps, Slack thread records, rate-limit counters and, for an adviser, their adviser record
 * (their replies stay in users' conversations without their name). Audit entries stay with the actor pseudonymised
 * and their details emptied, and one entry records the erasure by `actor` with counts only, never who it was about.
 *
 * @example
 * await erasePerson(db, person, 'cli:anna');
 */
export async function erasePerson(db: Db, person: Person, actor: string): Promise<ErasureReport> {
  // A row of theirs changed by another instance meanwhile (a message arriving) fails the snapshot: run it again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await eraseOnce(db, person, actor);
    } catch (error) {
      if (attempt >= 3 || !isSerializationFailure(error)) throw error;
    }
  }
}

function isSerializationFailure(error: unknown): boolean {
  const failure = error as { sqlState?: string; code?: string } | undefined;
  return failure?.sqlState === '40001' || failure?.code === '40001';
}

async function eraseOnce(db: Db, person: Person, actor: string): Promise<ErasureReport> {
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await prepareScope(tx, person);
    const before = await countTableRows(tx, ERASED_TABLES);
    for (const statement of ERASE_STATEMENTS.slice(0, -1)) await tx.query(statement);
    if (person.adviser) {
      for (const statement of REPLACE_ADVISER_NAME) await tx.query(statement, [person.adviser.name, 'en rådgiver']);
    }
    await tx.query(ERASE_STATEMENTS.at(-1)!);
    const after = await countTableRows(tx, ERASED_TABLES);
    const deleted = Object.fromEntries(ERASED_TABLES.map((table) => [table, before[table] - after[table]])) as Record<ErasedTable, number>;
    await tx.query(`INSERT INTO audit_log (actor, action, details) VALUES ($1, 'privacy_erased', $2::jsonb)`, [actor, JSON.stringify({ deleted })]);
    return { deleted };
  });
}
