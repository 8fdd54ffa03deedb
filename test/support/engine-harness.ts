/**
 * Shared set-up for the engine integration suites (test/integration/engine*.test.ts): the sample library ingested
 * into one test database, a knowledge base and engines on it, a recording logger, chats with their own conversation,
 * and the checks every cited answer must pass.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { expect } from 'vitest';
import { createEngine, type BotReply, type Engine, type EngineOptions, type IncomingMessage } from '../../bot/index.js';
import { LOCAL_EMBEDDING_DIMENSIONS } from '../../config/env.js';
import { callbackLogger, type Logger } from '../../config/logger.js';
import { runIngest } from '../../ingest/run-ingest.js';
import { createLocalEmbedder, searchLibrary, type Contact, type Db, type Embedder, type KnowledgeBase, type Queryable } from '../../knowledge/index.js';
import { ROOT, SAMPLE_LIBRARY } from './library-fixture.js';
import type { TestDatabase } from './test-databases.js';

/** One extra case whose body tries a prompt injection (for the LLM suite). */
export const INJECTION_LIBRARY = path.join(ROOT, 'test/fixtures/library-injection');

/** A knowledge base over `db` and `embedder`, as openKnowledgeBase builds it (without reading any settings). */
export function knowledgeOn(db: Db, embedder: Embedder): KnowledgeBase {
  return { db, embedder, search: (question, options) => searchLibrary({ db, embedder }, question, options), close: () => db.close() };
}

/** A fresh database of `target` with the sample library (and `extraInputs`) ingested. Close it in afterAll. */
export async function openEngineKnowledge(target: TestDatabase, extraInputs: string[] = []): Promise<KnowledgeBase> {
  const db = await target.open();
  const embedder = createLocalEmbedder({ dimensions: LOCAL_EMBEDDING_DIMENSIONS });
  const summary = await runIngest({ db, embedder }, { inputs: [SAMPLE_LIBRARY, ...extraInputs] });
  if (summary.failed > 0) throw new Error(`the library failed to ingest: ${JSON.stringify(summary.problems)}`);
  return knowledgeOn(db, embedder);
}

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  details?: Record<string, unknown>;
}

/** A Logger that keeps every entry, for asserting what was logged. */
export interface RecordingLogger extends Logger {
  entries: LogEntry[];
  at(level: LogEntry['level']): LogEntry[];
}

export function recordingLogger(): RecordingLogger {
  const entries: LogEntry[] = [];
  const logger = callbackLogger((level, message, details) => void entries.push({ level, message, details }));
  return Object.assign(logger, { entries, at: (level: LogEntry['level']) => entries.filter((entry) => entry.level === level) });
}

/**
 * An engine on `knowledge` with a recording logger. The rate limit is raised so that a suite's many messages never
 * hit it (the rate-limit test passes its own).
 */
export function engineOn(
  knowledge: KnowledgeBase,
  options: Partial<EngineOptions> = {},
): { engine: Engine; logger: RecordingLogger } {
  const logger = recordingLogger();
  const engine = createEngine({ knowledge, logger, rateLimitPerMinute: 1_000, ...options });
  return { engine, logger };
}

export type TestUser = IncomingMessage['user'];

export const publicUser = (id = `public-${randomUUID()}`): TestUser => ({ id, audience: 'public', displayName: 'Test Borger' });
export const internalUser = (id = `staff-${randomUUID()}`): TestUser => ({ id, audience: 'internal', displayName: 'Rådgiver' });

/** One conversation thread with its own ids: what a user types, and where the engine stores it. */
export interface Chat {
  channel: string;
  conversationId: string;
  threadId: string;
  user: TestUser;
  /** The stored conversation's id (channel:conversation[:thread]). */
  key: string;
  say(text: string): Promise<BotReply>;
  /** The same conversation, another thread. */
  thread(threadId: string): Chat;
}

export function startChat(
  engine: Engine,
  options: { user?: TestUser; conversationId?: string; threadId?: string; channel?: string } = {},
): Chat {
  const channel = options.channel ?? 'test';
  const conversationId = options.conversationId ?? `conv-${randomUUID()}`;
  const threadId = options.threadId ?? 'thread-1';
  const user = options.user ?? publicUser();
  return {
    channel,
    conversationId,
    threadId,
    user,
    key: `${channel}:${conversationId}${threadId ? `:${threadId}` : ''}`,
    say: (text) => engine.handleMessage({ channel, conversationId, threadId, user, text }),
    thread: (other) => startChat(engine, { user, conversationId, threadId: other, channel }),
  };
}

export interface DocumentRow {
  id: string;
  type: 'case' | 'method' | 'research';
  title: string;
  organisation: string | null;
  organisation_type: string | null;
  audience: 'public' | 'internal';
  contact: Contact | string | null;
}

/** The stored documents with these ids, by id. */
export async function documentsById(db: Db, ids: string[]): Promise<Map<string, DocumentRow>> {
  const result = await db.query<DocumentRow>(
    'SELECT id, type, title, organisation, organisation_type, audience, contact FROM documents WHERE id = ANY($1::text[])',
    [ids],
  );
  return new Map(result.rows.map((row) => [row.id, row]));
}

export const contactOf = (row: DocumentRow | undefined): Contact | undefined =>
  row?.contact == null ? undefined : typeof row.contact === 'string' ? (JSON.parse(row.contact) as Contact) : row.contact;

/** The numbers of the [n] markers in `text`, in order of appearance (repeats kept). */
export const citedNumbers = (text: string): number[] => [...text.matchAll(/\[(\d{1,3})\]/g)].map((match) => Number(match[1]));

/**
 * What every cited answer must satisfy: citations numbered 1..n and each used in the text, every [n] in the text
 * pointing at a citation, every cited document in the library, and case cards only for cited case documents, with
 * the organisation, type and contact the document itself has.
 * @returns the cited documents, by id
 */
export async function expectGroundedReply(db: Db, reply: BotReply): Promise<Map<string, DocumentRow>> {
  expect(reply.citations.length).toBeGreaterThan(0);
  expect(reply.citations.map((citation) => citation.n)).toEqual(reply.citations.map((_, index) => index + 1));
  const inText = new Set(citedNumbers(reply.text));
  for (const n of inText) expect(reply.citations.some((citation) => citation.n === n), `[${n}] in the text`).toBe(true);
  for (const citation of reply.citations) expect(inText.has(citation.n), `citation ${citation.n} used`).toBe(true);

  const documents = await documentsById(db, reply.citations.map((citation) => citation.documentId));
  for (const citation of reply.citations) {
    const document = documents.get(citation.documentId);
    expect(document, `document ${citation.documentId}`).toBeDefined();
    expect(citation.title).toBe(document!.title);
    expect(citation.organisation).toBe(document!.organisation ?? undefined);
  }
  for (const card of reply.cases) {
    const citation = reply.citations.find((candidate) => candidate.n === card.citation);
    expect(citation?.documentId, `case card ${card.documentId} is cited`).toBe(card.documentId);
    const document = documents.get(card.documentId)!;
    expect(document.type).toBe('case');
    expect(card.organisation).toBe(document.organisation ?? '');
    expect(card.organisationType).toBe(document.organisation_type ?? undefined);
    expect(card.contact).toEqual(contactOf(document));
  }
  return documents;
}

export interface MessageRow {
  id: string;
  role: string;
  text: string;
  turn: unknown;
}

/** The stored messages of a conversation (by its key), oldest first. */
export async function storedMessages(db: Db, conversationKey: string): Promise<MessageRow[]> {
  const result = await db.query<MessageRow>(
    'SELECT id, role, text, turn FROM messages WHERE conversation_id = $1 ORDER BY created_at',
    [conversationKey],
  );
  return result.rows.map((row) => ({ ...row, turn: typeof row.turn === 'string' ? JSON.parse(row.turn) : row.turn }));
}

/** Runs one query and returns its rows. */
export async function rows<Row = Record<string, unknown>>(db: Db, sql: string, params: unknown[] = []): Promise<Row[]> {
  return (await db.query<Row>(sql, params)).rows;
}

/**
 * `db` with failures switched in: every query (and exec) whose SQL `fails` selects throws `error()` instead of
 * running. For "the database went away" without touching the suite's shared database.
 */
export function failingDb(db: Db, fails: (sql: string, params?: unknown[]) => boolean, error: () => Error): Db {
  const guard = (inner: Queryable): Queryable => ({
    query: (sql, params) => (fails(sql, params) ? Promise.reject(error()) : inner.query(sql, params)),
    exec: (sql) => (fails(sql) ? Promise.reject(error()) : inner.exec(sql)),
  });
  return {
    ...guard(db),
    kind: db.kind,
    description: db.description,
    transaction: (work) => db.transaction((tx) => work(guard(tx))),
    close: async () => undefined,
  };
}
