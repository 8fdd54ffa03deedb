/**
 * The embedded database runs one statement per turn of the event loop: PGlite executes on this thread, and without
 * turns between them the statements of many answers started together ran back to back, so no request could be read
 * (or refused over the answers cap) meanwhile. Here, 20 statements started at once finish in different turns, and a
 * transaction's statements are not split by another caller's. And since Node accepts one new connection per turn, a
 * statement waits while new connections keep arriving (knowledge/db/new-connections.ts), but not for ever.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../knowledge/db/db.js';
import { openPgliteDb } from '../../knowledge/db/pglite-db.js';
import { MAX_TURNS_FOR_CONNECTIONS, noteNewConnection } from '../../knowledge/db/new-connections.js';

/** Notes one new connection per turn of the event loop for `turns` turns (Infinity: until stopped); counts the turns. */
function connectionsArriving(turns: number): { readonly turn: number; stop(): void } {
  let turn = 0;
  let running = true;
  const tick = () => {
    turn += 1;
    if (turn <= turns) noteNewConnection();
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  return {
    get turn() {
      return turn;
    },
    stop: () => void (running = false),
  };
}

describe('the embedded database between statements', () => {
  let dir: string;
  let db: Db;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-turns-'));
    db = await openPgliteDb(dir);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('should give the event loop a turn between the statements of callers that started together', async () => {
    let turn = 0;
    let running = true;
    const tick = () => {
      turn += 1;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const finishedIn = await Promise.all(Array.from({ length: 20 }, (_, i) => db.query('SELECT $1::int AS i', [i]).then(() => turn)));
    running = false;
    // Back to back, they would all finish in one or two turns.
    expect(new Set(finishedIn).size).toBeGreaterThanOrEqual(15);
  });

  it("should run a transaction's statements together, with no other caller's statement between them", async () => {
    await db.exec('CREATE TABLE IF NOT EXISTS turns_log (n serial PRIMARY KEY, who text NOT NULL)');
    const transaction = db.transaction(async (tx) => {
      for (let i = 0; i < 5; i++) await tx.query(`INSERT INTO turns_log (who) VALUES ('tx')`);
    });
    const others = Array.from({ length: 5 }, () => db.query(`INSERT INTO turns_log (who) VALUES ('other')`));
    await Promise.all([transaction, ...others]);
    const order = (await db.query<{ who: string }>('SELECT who FROM turns_log ORDER BY n')).rows.map((row) => row.who).join(',');
    expect(order).toMatch(/tx,tx,tx,tx,tx/);
  });

  it('should hold a statement back while new connections arrive, one per turn, and run it in the turn after they stop', async () => {
    await db.query('SELECT 1'); // the lane is idle and has seen every earlier connection
    const arrivals = connectionsArriving(30);
    noteNewConnection();
    const ranInTurn = await db.query('SELECT 1').then(() => arrivals.turn);
    arrivals.stop();
    expect(ranInTurn).toBeGreaterThanOrEqual(30);
    expect(ranInTurn).toBeLessThanOrEqual(34);
  });

  it('should not hold a statement back for more than the bound of turns when connections never stop', async () => {
    await db.query('SELECT 1');
    const arrivals = connectionsArriving(Number.POSITIVE_INFINITY);
    noteNewConnection();
    const ranInTurn = await db.query('SELECT 1').then(() => arrivals.turn);
    arrivals.stop();
    expect(ranInTurn).toBeGreaterThanOrEqual(MAX_TURNS_FOR_CONNECTIONS - 1);
    expect(ranInTurn).toBeLessThanOrEqual(MAX_TURNS_FOR_CONNECTIONS + 4);
  });

  it('should not hold a statement back when no connection arrived', async () => {
    await db.query('SELECT 1');
    const arrivals = connectionsArriving(0);
    const ranInTurn = await db.query('SELECT 1').then(() => arrivals.turn);
    arrivals.stop();
    expect(ranInTurn).toBeLessThanOrEqual(1);
  });
});
