/** The post-acknowledgement work queue: slots, order, turns, errors. No timing assertions: only orderings. */
import { describe, expect, it } from 'vitest';
import { createWorkQueue } from '../../../../bot/delivery/work-queue.js';
import { queryInTurns } from '../../../../bot/store/query-in-turns.js';
import type { Db } from '../../../../knowledge/index.js';

const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
};

describe('createWorkQueue', () => {
  it('should start a job on a later turn, never inside the caller', async () => {
    const work = createWorkQueue();
    const seen: string[] = [];
    const done = work.run(async () => void seen.push('job'));
    seen.push('caller');
    await done;
    expect(seen).toEqual(['caller', 'job']);
  });

  it('should run at most `concurrency` jobs at once and start the waiting ones in order', async () => {
    const work = createWorkQueue({ concurrency: 2 });
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    const jobs = gates.map((each, index) => work.run(async () => {
      started.push(index);
      await each.opened;
      return index;
    }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(started).toEqual([0, 1]);
    expect(work.stats).toEqual({ running: 2, waiting: 2 });
    gates[1]!.open();
    await jobs[1];
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(started).toEqual([0, 1, 2]);
    for (const each of gates) each.open();
    expect(await Promise.all(jobs)).toEqual([0, 1, 2, 3]);
    await work.idle();
    expect(work.stats).toEqual({ running: 0, waiting: 0 });
  });

  it('should free the slot of a job that throws and pass the error on', async () => {
    const work = createWorkQueue({ concurrency: 1 });
    await expect(work.run(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await work.run(async () => 'next')).toBe('next');
  });

  it('should hand out one turn per event-loop turn, in order, with I/O callbacks able to run in between', async () => {
    const work = createWorkQueue();
    const seen: string[] = [];
    const turns = [1, 2, 3].map((index) => work.turn().then(() => void seen.push(`turn ${index}`)));
    // A callback queued now for the next check phase runs after the first turn and before the second.
    setImmediate(() => seen.push('other'));
    await Promise.all(turns);
    expect(seen).toEqual(['turn 1', 'other', 'turn 2', 'turn 3']);
  });
});

describe('queryInTurns', () => {
  it('should pass queries through after a turn and keep the database description', async () => {
    const calls: string[] = [];
    const db = {
      kind: 'pglite', description: 'memory',
      query: async (sql: string) => (calls.push(sql), { rows: [{ one: 1 }], affectedRows: 0 }),
      exec: async (sql: string) => void calls.push(sql),
      transaction: async (job: (tx: unknown) => Promise<unknown>) => job(undefined),
      close: async () => void calls.push('close'),
    } as unknown as Db;
    const wrapped = queryInTurns(db, createWorkQueue());
    const pending = wrapped.query('SELECT 1');
    expect(calls).toEqual([]);
    expect((await pending).rows).toEqual([{ one: 1 }]);
    await wrapped.exec('SELECT 2');
    await wrapped.close();
    expect(calls).toEqual(['SELECT 1', 'SELECT 2', 'close']);
    expect(wrapped.description).toBe('memory');
  });
});
