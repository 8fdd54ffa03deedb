/**
 * The channel contract, written once and run for each platform channel (slack.contract.test.ts,
 * teams.contract.test.ts) on every test database, with the real engine (sample library), the real hand-off service
 * and an outbox dispatcher holding only the channel's own delivery port:
 * - a question gets an answer in the user's conversation;
 * - a duplicate delivery of the same event is answered once;
 * - an answer the platform refuses ends in the outbox and is delivered later by the dispatcher, and a later answer of
 *   the conversation waits behind it (answers arrive in the order asked);
 * - an adviser's reply during a hand-off is relayed into the user's conversation.
 * The web chat is not run here: it answers inside the HTTP response (no delivery after an acknowledgement, no
 * platform re-deliveries), and its hand-off messages are read from the database (test/integration/server-channels
 * and test/browser/handoff cover it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdviserStore } from '../../bot/advisers/index.js';
import {
  createEscalationService,
  createOutboxDispatcher,
  DEFAULT_OFFICE_HOURS,
  type DeliveryPort,
  type EscalationCore,
  type OutboxDispatcher,
} from '../../bot/escalation/index.js';
import type { Engine } from '../../bot/index.js';
import type { Db, KnowledgeBase } from '../../knowledge/index.js';
import { engineOn, openEngineKnowledge, recordingLogger } from '../support/engine-harness.js';
import { testDatabases } from '../support/test-databases.js';
import { eventually } from '../unit/adapters/slack/slack-harness.js';

/** What the contract needs to drive one channel, as its platform would. */
export interface ChannelUnderTest {
  /** The channel's delivery port (what the server gives the outbox dispatcher). */
  deliveryPort: DeliveryPort;
  /** Delivers a user's message in the test conversation; the same `deliveryId` is the same platform event again. */
  ask(text: string, deliveryId?: string): Promise<void>;
  /** The texts the platform has received in the test conversation, in order (failed posts excluded). */
  received(): string[];
  /** Makes the platform refuse the channel's next post of an answer (every in-process retry fails too). */
  refuseNextAnswer(): void;
  close(): Promise<void>;
}

/** Builds the channel under test on the suite's database, engine and hand-off service. */
export type CreateChannelUnderTest = (deps: { db: Db; engine: Engine; escalations: EscalationCore; advisers: ReturnType<typeof createAdviserStore> }) => Promise<ChannelUnderTest>;

const QUESTION = 'Hvilke kommuner har arbejdet med hverdagsrehabilitering?';
const SECOND_QUESTION = 'Hvordan kommer vi i gang med design thinking?';
const ADVISER_REPLY = 'Hej! Fredericia Kommune er et godt sted at starte.';

/** Runs the contract for one channel. */
export function runChannelContract(name: string, create: CreateChannelUnderTest): void {
  describe.each(testDatabases)(`channel contract: ${name} ($name)`, (database) => {
    let knowledge: KnowledgeBase;
    let escalations: EscalationCore;
    let advisers: ReturnType<typeof createAdviserStore>;
    let channel: ChannelUnderTest;
    let dispatcher: OutboxDispatcher;
    let draftsDir: string;

    beforeAll(async () => {
      knowledge = await openEngineKnowledge(database);
      const { engine } = engineOn(knowledge);
      const logger = recordingLogger();
      draftsDir = fs.mkdtempSync(path.join(os.tmpdir(), `kc-contract-${name}-`));
      escalations = createEscalationService({ db: knowledge.db, logger, officeHours: DEFAULT_OFFICE_HOURS, targetWorkingHours: 4, draftsDir });
      advisers = createAdviserStore(knowledge.db);
      channel = await create({ db: knowledge.db, engine, escalations, advisers });
      dispatcher = createOutboxDispatcher({
        db: knowledge.db, notifiers: [], deliveryPorts: [channel.deliveryPort], logger, backoff: { baseMs: 1, maxMs: 1, maxAttempts: 5 },
      });
    });
    afterAll(async () => {
      await channel?.close();
      await knowledge?.close();
      if (draftsDir) fs.rmSync(draftsDir, { recursive: true, force: true });
    });

    const waitingAnswers = async () =>
      Number((await knowledge.db.query<{ n: number }>(
        `SELECT count(*) AS n FROM outbox WHERE payload->>'kind' = 'bot_reply' AND delivered_at IS NULL AND failed_at IS NULL`,
      )).rows[0]!.n);
    /** Runs the dispatcher until a run delivers nothing (a conversation's rows go one per run). */
    const drainOutbox = async () => {
      for (let run = 0; run < 10; run++) {
        const report = await dispatcher.runOnce();
        expect(report.failed).toBe(0);
        if (report.delivered === 0 && report.retried === 0) return;
      }
    };
    const answerCount = () => channel.received().length;

    it('should answer a question in the user\'s conversation', async () => {
      const before = answerCount();
      await channel.ask(QUESTION);
      await eventually(() => expect(answerCount()).toBe(before + 1), 60_000);
      expect(channel.received().at(-1)).toMatch(/fredericia/i);
    });

    it('should answer a duplicate delivery of the same event once', async () => {
      const before = answerCount();
      await channel.ask(QUESTION, 'duplicate-1');
      await channel.ask(QUESTION, 'duplicate-1');
      // A different question after both: once its answer is in, the duplicate has long been dropped or answered.
      await channel.ask(SECOND_QUESTION);
      await eventually(() => expect(answerCount()).toBeGreaterThanOrEqual(before + 2), 60_000);
      await drainOutbox();
      expect(answerCount()).toBe(before + 2);
      expect(channel.received().slice(before).filter((text) => /fredericia/i.test(text))).toHaveLength(1);
    });

    it('should queue an answer the platform refuses in the outbox, keep the next answer behind it, and let the dispatcher deliver both in order', async () => {
      const before = answerCount();
      channel.refuseNextAnswer();
      await channel.ask(QUESTION);
      await eventually(async () => expect(await waitingAnswers()).toBe(1), 60_000);
      // The next answer of the conversation must not overtake the waiting one.
      await channel.ask(SECOND_QUESTION);
      await eventually(async () => expect(await waitingAnswers()).toBe(2), 60_000);
      expect(answerCount()).toBe(before);
      await drainOutbox();
      expect(await waitingAnswers()).toBe(0);
      const delivered = channel.received().slice(before);
      expect(delivered).toHaveLength(2);
      expect(delivered[0]).toMatch(/fredericia/i);
      expect(delivered[1]).not.toMatch(/fredericia/i);
    });

    it("should relay an adviser's reply during a hand-off into the user's conversation", async () => {
      await channel.ask('Kan du forbinde mig med en rådgiver?');
      await eventually(async () => expect(await escalations.list({ status: ['queued'] })).toHaveLength(1), 60_000);
      const [queued] = await escalations.list({ status: ['queued'] });
      const { adviser } = await advisers.add({ name: 'Anna Rådgiver', email: `anna-${name}@kraftcenter.example.dk` });
      const identity = { id: adviser.id, name: adviser.name, email: adviser.email };
      expect((await escalations.claim(queued!.id, identity)).ok).toBe(true);
      expect((await escalations.reply(queued!.id, identity, ADVISER_REPLY)).ok).toBe(true);
      await drainOutbox();
      expect(channel.received().some((text) => text.includes(ADVISER_REPLY))).toBe(true);
    });
  });
}
