import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../config/logger.js';
import type { Db } from '../../knowledge/db/db.js';
import {
  createOutboxDispatcher,
  createStoredMessageDeliveryPort,
  outboxCounts,
  type AdviserIdentity,
  type AdviserNotifier,
  type DeliveryPort,
  type EscalationCore,
} from '../../bot/escalation/index.js';
import { leaseDueRows } from '../../bot/escalation/outbox-store.js';
import { testDatabases } from '../support/test-databases.js';
import { addAdviser, createTestService, openQueued, recordingNotifier, recordingPort, secondConnection, testClock } from '../unit/bot/escalation/escalation-fixture.js';

const BACKOFF = { baseMs: 1_000, maxMs: 60_000, maxAttempts: 4 };
const DAY = 24 * 3600_000;

describe.each(testDatabases)('outbox dispatcher on $name', (target) => {
  let db: Db;
  let other: { db: Db; separate: boolean };
  let service: EscalationCore;
  let anna: AdviserIdentity;
  let clock: ReturnType<typeof testClock>;

  const dispatcher = (notifiers: AdviserNotifier[], ports: DeliveryPort[] = [createStoredMessageDeliveryPort('web')], on = db, batchSize?: number) =>
    createOutboxDispatcher({ db: on, notifiers, deliveryPorts: ports, logger: silentLogger, backoff: BACKOFF, now: clock.now, batchSize });

  /** Delivers everything pending (each test starts from an empty queue). */
  const drain = async () => {
    clock.advance(2 * DAY);
    await dispatcher([]).runOnce();
    await db.query('UPDATE outbox SET failed_at = now() WHERE delivered_at IS NULL AND failed_at IS NULL');
  };

  beforeAll(async () => {
    db = await target.open();
    other = await secondConnection(db);
    clock = testClock();
    service = createTestService(db, { now: () => clock.now() });
    anna = await addAdviser(db, 'Anna Rådgiver');
  });
  beforeEach(async () => {
    await db.query(`UPDATE escalations SET status = 'cancelled' WHERE status IN ('queued', 'claimed')`);
    await drain();
  });
  afterAll(async () => {
    if (other?.separate) await other.db.close();
    await db?.close();
  });

  it('should call a notifier that fails twice three times and deliver once when it recovers', async () => {
    const { id } = await openQueued(db, service);
    const flaky = recordingNotifier('slack', 2);
    const steady = recordingNotifier('console');
    const outbox = dispatcher([steady, flaky]);
    expect(await outbox.runOnce()).toEqual({ delivered: 0, failed: 0, retried: 1 });
    expect(await outbox.runOnce()).toEqual({ delivered: 0, failed: 0, retried: 0 }); // not due yet
    clock.advance(BACKOFF.baseMs);
    expect(await outbox.runOnce()).toEqual({ delivered: 0, failed: 0, retried: 1 });
    clock.advance(BACKOFF.baseMs); // the second retry waits twice as long
    expect(await outbox.runOnce()).toEqual({ delivered: 0, failed: 0, retried: 0 });
    clock.advance(BACKOFF.baseMs);
    expect(await outbox.runOnce()).toEqual({ delivered: 1, failed: 0, retried: 0 });
    expect(flaky.calls).toHaveLength(3);
    expect(steady.calls).toHaveLength(1); // delivered on the first attempt, never called again
    expect(steady.calls[0]).toMatchObject({ type: 'escalation.created', escalation: { id } });
    clock.advance(DAY);
    expect(await outbox.runOnce()).toEqual({ delivered: 0, failed: 0, retried: 0 });
    expect(flaky.calls).toHaveLength(3);
  });

  it('should deliver each row exactly once when two dispatchers run at the same time', async () => {
    for (let i = 0; i < 12; i++) {
      const { id } = await openQueued(db, service);
      await service.claim(id, anna);
      await service.reply(id, anna, `Svar ${i}`);
    }
    const calls: string[] = [];
    const slowNotifier = (name: string): AdviserNotifier => ({
      name,
      notify: async (event) => {
        calls.push(`${name}:${event.type}:${event.escalation.id}`);
        await new Promise((resolve) => setTimeout(resolve, 2));
      },
    });
    const delivered: string[] = [];
    const port: DeliveryPort = { channel: 'web', deliver: async (d) => void delivered.push(`${d.conversationKey}:${d.kind}:${d.text}`) };
    const first = dispatcher([slowNotifier('console')], [port], db, 5);
    const second = dispatcher([slowNotifier('console')], [port], other.db, 5);
    let total = 0;
    for (let round = 0; round < 40; round++) {
      const reports = await Promise.all([first.runOnce(), second.runOnce(), first.runOnce(), second.runOnce()]);
      const sum = reports.reduce((n, report) => n + report.delivered, 0);
      total += sum;
      if (sum === 0 && (await outboxCounts(db)).pending === 0) break;
    }
    expect(total).toBe(12 * 4); // created, claimed (advisers) + adviser_joined, reply (user)
    expect(calls).toHaveLength(24);
    expect(new Set(calls).size).toBe(24);
    expect(delivered).toHaveLength(24);
    expect(new Set(delivered).size).toBe(24);
  });

  it('should deliver user messages of one conversation in order when several are pending', async () => {
    const { id, conversationKey } = await openQueued(db, service);
    await service.claim(id, anna);
    for (const text of ['en', 'to', 'tre']) await service.reply(id, anna, text);
    const port = recordingPort('web', 1);
    const outbox = dispatcher([], [port]);
    for (let round = 0; round < 10; round++) {
      await outbox.runOnce();
      clock.advance(BACKOFF.maxMs);
    }
    const texts = port.calls.filter((d) => d.conversationKey === conversationKey).map((d) => d.text);
    expect(texts).toEqual(['Anna Rådgiver fra Kraftcentret har overtaget samtalen.', 'Anna Rådgiver fra Kraftcentret har overtaget samtalen.', 'en', 'to', 'tre']);
  });

  it('should still deliver after a crash before dispatching when a new dispatcher starts', async () => {
    const { id } = await openQueued(db, service);
    // The process "crashed" after the commit: nothing was dispatched. A restarted process (a new pool) delivers.
    const restarted = recordingNotifier('console');
    expect(await dispatcher([restarted], undefined, other.db).runOnce()).toMatchObject({ delivered: 1 });
    expect(restarted.calls.map((event) => [event.type, event.escalation.id])).toEqual([['escalation.created', id]]);
  });

  it('should take over a row leased by a crashed dispatcher when its lease has run out', async () => {
    await openQueued(db, service);
    expect(await leaseDueRows(db, 'crashed-process', clock.now(), new Date(clock.now().getTime() + 60_000), 10)).toHaveLength(1);
    const notifier = recordingNotifier('console');
    const outbox = dispatcher([notifier]);
    expect(await outbox.runOnce()).toMatchObject({ delivered: 0 });
    clock.advance(60_000);
    expect(await outbox.runOnce()).toMatchObject({ delivered: 1 });
    expect(notifier.calls).toHaveLength(1);
  });

  it('should mark the delivery failed and show it in list() when maxAttempts is reached', async () => {
    const { id } = await openQueued(db, service, { channel: 'teams', deliveryRef: { conversation: { id: 'a:1' } } });
    await service.claim(id, anna);
    const teams = recordingPort('teams', Infinity);
    const outbox = dispatcher([recordingNotifier('console')], [teams]);
    const reports = [];
    for (let attempt = 0; attempt < BACKOFF.maxAttempts; attempt++) {
      reports.push(await outbox.runOnce());
      clock.advance(BACKOFF.maxMs);
    }
    expect(reports.at(-1)).toMatchObject({ failed: 1 });
    expect(teams.calls).toHaveLength(BACKOFF.maxAttempts);
    expect(teams.calls[0]).toMatchObject({ channel: 'teams', kind: 'adviser_joined', deliveryRef: { conversation: { id: 'a:1' } } });
    const listed = (await service.list({ status: ['claimed'] })).find((summary) => summary.id === id);
    expect(listed?.deliveryFailed).toBe(true);
    expect(await outbox.runOnce()).toEqual({ delivered: 0, failed: 0, retried: 0 });
  });

  it('should remind the advisers once when an escalation is not claimed within the target', async () => {
    const { id } = await openQueued(db, service);
    const claimed = await openQueued(db, service);
    await service.claim(claimed.id, anna);
    const notifier = recordingNotifier('console');
    const outbox = dispatcher([notifier]);
    expect(await outbox.enqueueDueReminders()).toBe(0);
    clock.advance(5 * DAY); // four working hours have passed whatever the weekday
    expect((await service.list({ status: ['queued'] })).find((summary) => summary.id === id)?.overdue).toBe(true);
    expect(await outbox.enqueueDueReminders()).toBe(1);
    expect(await dispatcher([], undefined, other.db).enqueueDueReminders()).toBe(0);
    await outbox.runOnce();
    expect(notifier.calls.filter((event) => event.type === 'escalation.reminder').map((event) => event.escalation.id)).toEqual([id]);
    clock.advance(DAY);
    expect(await outbox.enqueueDueReminders()).toBe(0);
  });

  it('should deliver in the background with the escalation already committed when the loop is started', async () => {
    const seen: Array<string | undefined> = [];
    const notifier: AdviserNotifier = {
      name: 'console',
      notify: async (event) => {
        const row = await other.db.query<{ status: string }>('SELECT status FROM escalations WHERE id = $1', [event.escalation.id]);
        seen.push(row.rows[0]?.status);
      },
    };
    const outbox = dispatcher([notifier]);
    outbox.start(10);
    try {
      await openQueued(db, service);
      for (let wait = 0; wait < 200 && seen.length === 0; wait++) await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      await outbox.stop();
    }
    expect(seen).toEqual(['queued']);
  });
});
