/**
 * Shared set-up for the hand-off suites (unit and integration): a conversation with a cited bot answer, advisers,
 * a controllable clock, recording notifiers and delivery ports, and a second connection pool on the same Postgres
 * schema (a second bot process).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { silentLogger } from '../../../../config/logger.js';
import type { Db } from '../../../../knowledge/db/db.js';
import { openPgDb } from '../../../../knowledge/db/pg-db.js';
import {
  createEscalationService,
  DEFAULT_OFFICE_HOURS,
  type AdviserEvent,
  type AdviserIdentity,
  type AdviserNotifier,
  type DeliveryPort,
  type EscalationCore,
  type UserDelivery,
} from '../../../../bot/escalation/index.js';
import type { ChatModel } from '../../../../bot/llm/index.js';
import type { Citation } from '../../../../bot/messages.js';
import { appendMessage, upsertConversation } from '../../../../bot/store/conversation-store.js';
import { TEST_DATABASE_URL } from '../../../support/test-databases.js';

/** A clock that stands still until moved; starts a minute ahead of the database's clock so new rows are due. */
export function testClock(start = Date.now() + 60_000) {
  let at = start;
  return {
    now: () => new Date(at),
    advance(ms: number) {
      at += ms;
    },
  };
}

export const CITATION: Citation = {
  n: 1,
  documentId: 'fredericia-laengst-muligt-i-eget-liv',
  title: 'Længst muligt i eget liv',
  organisation: 'Fredericia Kommune',
  year: 2008,
  url: 'https://example.dk/fredericia',
  passage: 'Hverdagsrehabilitering …',
};

/** Creates a conversation in which the user asked a question and the bot answered with one citation. */
export async function seedConversation(
  db: Db,
  options: { channel?: string; language?: 'da' | 'en'; question?: string; userName?: string; deliveryRef?: unknown } = {},
): Promise<{ conversationKey: string; channel: string; botMessageId: string }> {
  const channel = options.channel ?? 'web';
  const language = options.language ?? 'da';
  const user = { id: `u-${randomUUID().slice(0, 8)}`, displayName: options.userName ?? 'Mette Hansen', audience: 'public' as const };
  const conversation = await upsertConversation(db, { channel, conversationId: randomUUID(), user }, language, options.deliveryRef);
  await appendMessage(db, conversation.id, {
    role: 'user',
    text: options.question ?? 'Hvem har prøvet hverdagsrehabilitering?',
    authorId: user.id,
  });
  const botMessageId = await appendMessage(db, conversation.id, {
    role: 'bot',
    text: 'Fredericia Kommune har prøvet hverdagsrehabilitering [1].',
    intent: 'case_lookup',
    citations: [CITATION],
  });
  return { conversationKey: conversation.id, channel, botMessageId };
}

/** Inserts an adviser (enabled unless said otherwise) and returns the identity the console would pass. */
export async function addAdviser(db: Db, name: string, options: { enabled?: boolean } = {}): Promise<AdviserIdentity> {
  const id = `adv-${randomUUID().slice(0, 8)}`;
  const email = `${id}@kraftcenter.example.dk`;
  await db.query('INSERT INTO advisers (id, name, email, enabled) VALUES ($1, $2, $3, $4)', [id, name, email, options.enabled ?? true]);
  return { id, name, email };
}

/** A fresh folder for draft knowledge items. */
export function tempDraftsDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kraftcenter-drafts-'));
}

/** The service with weekday 8–16 office hours and a 4-hour target. */
export function createTestService(db: Db, options: { now?: () => Date; draftsDir?: string; chatModel?: ChatModel } = {}): EscalationCore {
  return createEscalationService({
    db,
    logger: silentLogger,
    officeHours: DEFAULT_OFFICE_HOURS,
    targetWorkingHours: 4,
    draftsDir: options.draftsDir ?? tempDraftsDir(),
    now: options.now,
    chatModel: options.chatModel,
  });
}

/** Opens a queued escalation for a fresh conversation; returns its id and conversation. */
export async function openQueued(db: Db, service: EscalationCore, options: Parameters<typeof seedConversation>[1] = {}) {
  const seeded = await seedConversation(db, options);
  const opened = await service.open({ conversationKey: seeded.conversationKey, channel: seeded.channel, language: options.language ?? 'da' });
  return { ...seeded, id: opened.escalation.id, opened };
}

/** A notifier that records every event and fails its first `failures` calls. */
export function recordingNotifier(name: string, failures = 0, calls: AdviserEvent[] = []): AdviserNotifier & { calls: AdviserEvent[] } {
  let remaining = failures;
  return {
    name,
    calls,
    async notify(event) {
      calls.push(event);
      if (remaining > 0) {
        remaining--;
        throw new Error(`${name} is down`);
      }
    },
  };
}

/** A delivery port that records deliveries and fails its first `failures` calls (Infinity: always). */
export function recordingPort(channel: string, failures = 0): DeliveryPort & { calls: UserDelivery[] } {
  let remaining = failures;
  const calls: UserDelivery[] = [];
  return {
    channel,
    calls,
    async deliver(delivery) {
      calls.push(delivery);
      if (remaining > 0) {
        remaining--;
        throw new Error(`${channel} is down`);
      }
    },
  };
}

/** A second pool on the same schema (another bot process), or the same Db on PGlite. Close it when `separate`. */
export async function secondConnection(db: Db): Promise<{ db: Db; separate: boolean }> {
  if (db.kind !== 'postgres' || !TEST_DATABASE_URL) return { db, separate: false };
  const schema = (await db.query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0]!.schema;
  return { db: await openPgDb(TEST_DATABASE_URL, { searchPath: [schema, 'public'], maxConnections: 10 }), separate: true };
}

/** Audit actions of one escalation, oldest first. */
export async function auditActions(db: Db, escalationId: string): Promise<string[]> {
  const result = await db.query<{ action: string }>('SELECT action FROM audit_log WHERE escalation_id = $1 ORDER BY id', [escalationId]);
  return result.rows.map((row) => row.action);
}

/** Outbox rows of one escalation, oldest first. */
export async function outboxRows(db: Db, escalationId: string) {
  const result = await db.query<{ event_key: string; kind: string; payload: { type?: string; kind?: string; text?: string } }>(
    'SELECT event_key, kind, payload FROM outbox WHERE escalation_id = $1 ORDER BY id',
    [escalationId],
  );
  return result.rows;
}
