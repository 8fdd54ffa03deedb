/**
 * How many database statements the engine spends on one answer besides the search (each is a round trip on Postgres
 * and a turn of the event loop on PGlite): the start of the turn is one statement (bot/store/begin-turn.ts) and the
 * bot's reply one more, for a new conversation's first question and for a follow-up alike. Counts, not times.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, KnowledgeBase, Queryable } from '../../knowledge/index.js';
import { engineOn, openEngineKnowledge, startChat } from '../support/engine-harness.js';
import { testDatabases } from '../support/test-databases.js';

const QUESTION = 'Hvilke kommuner har arbejdet med hverdagsrehabilitering?';

/** `db` with the first words of each statement recorded, a transaction's statements included. */
function countingDb(db: Db): { db: Db; statements: string[] } {
  const statements: string[] = [];
  const record = (sql: string) => statements.push(sql.replace(/\s+/g, ' ').trim().slice(0, 40));
  const counted = (target: Queryable): Queryable => ({
    query: (sql, params) => (record(sql), target.query(sql, params)),
    exec: (sql) => (record(sql), target.exec(sql)),
  });
  const wrapped = Object.create(db) as Db;
  Object.assign(wrapped, counted(db), { transaction: <T>(work: (tx: Queryable) => Promise<T>) => db.transaction((tx) => work(counted(tx))) });
  return { db: wrapped, statements };
}

describe.each(testDatabases)('database statements per answer on $name', (target) => {
  let knowledge: KnowledgeBase;

  beforeAll(async () => {
    knowledge = await openEngineKnowledge(target);
  });
  afterAll(async () => knowledge?.close());

  it('should start the turn in one statement and store the reply in one more, first question and follow-up alike', async () => {
    const counting = countingDb(knowledge.db);
    // The search keeps the uncounted database: its statements are the retrieval's business.
    const chat = startChat(engineOn({ ...knowledge, db: counting.db }).engine);
    // The rate limit's occasional clean-up (one call in a hundred) would add a statement now and then.
    const random = Math.random;
    Math.random = () => 0.5;
    try {
      const first = await chat.say(QUESTION);
      expect(first.citations.length).toBeGreaterThan(0);
      expect(counting.statements).toEqual([expect.stringMatching(/^WITH counted AS/), expect.stringMatching(/^WITH touched AS/)]);
      counting.statements.length = 0;

      const followUp = await chat.say('Er der flere?');
      expect(followUp.text).not.toBe('');
      expect(counting.statements).toEqual([expect.stringMatching(/^WITH counted AS/), expect.stringMatching(/^WITH touched AS/)]);
    } finally {
      Math.random = random;
    }
  });
});
