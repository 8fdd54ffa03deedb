import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { replyTexts, type Engine } from '../../bot/index.js';
import { DatabaseUnavailableError, type KnowledgeBase } from '../../knowledge/index.js';
import {
  engineOn,
  failingDb,
  knowledgeOn,
  openEngineKnowledge,
  publicUser,
  rows,
  startChat,
  storedMessages,
} from '../support/engine-harness.js';
import { testDatabases } from '../support/test-databases.js';

const da = replyTexts('da');
const CPR = '120345-1234';
const PHONE = '22 33 44 55';
const EMAIL = 'jens.hansen@example.dk';
const PII_QUESTION = `Mit CPR er ${CPR}, ring på ${PHONE} eller skriv til ${EMAIL}: hvordan kommer vi i gang med hverdagsrehabilitering?`;
// Not a bare /1234/: ids and Postgres' microsecond timestamps may contain it.
const PII_PATTERNS = [/120345/, /22 ?33 ?44 ?55/, /22334455/, /jens\.hansen/];

describe.each(testDatabases)('engine safety on $name with the sample library', (target) => {
  let knowledge: KnowledgeBase;
  let engine: Engine;

  beforeAll(async () => {
    knowledge = await openEngineKnowledge(target);
    ({ engine } = engineOn(knowledge));
  });
  afterAll(async () => knowledge?.close());

  const conversationRows = (key: string) => rows(knowledge.db, 'SELECT id FROM conversations WHERE id = $1', [key]);

  describe('personal data', () => {
    it('should show the notice once and store, answer and escalate only the masked text when the question has a CPR number, a phone number and an e-mail', async () => {
      const chat = startChat(engine);
      const reply = await chat.say(PII_QUESTION);
      await chat.say('kan jeg tale med en rådgiver?');

      expect(reply.notices.filter((notice) => notice === da.personalDataRemoved())).toHaveLength(1);
      expect(reply.citations.length).toBeGreaterThan(0);
      const [stored] = await storedMessages(knowledge.db, chat.key);
      expect(stored).toMatchObject({ role: 'user' });
      expect(stored!.text).toContain('[CPR-nummer fjernet]');
      expect(stored!.text).toContain('[telefonnummer fjernet]');
      expect(stored!.text).toContain('[e-mail fjernet]');
      const everything = JSON.stringify([
        await storedMessages(knowledge.db, chat.key),
        await rows(knowledge.db, 'SELECT * FROM escalations WHERE conversation_id = $1', [chat.key]),
        await rows(knowledge.db, 'SELECT * FROM knowledge_gaps WHERE conversation_id = $1', [chat.key]),
        reply,
      ]);
      for (const pattern of PII_PATTERNS) expect(everything).not.toMatch(pattern);
    });

    it('should show no notice when the question has no personal data', async () => {
      const reply = await startChat(engine).say('Hvordan kommer vi i gang med hverdagsrehabilitering?');
      expect(reply.notices).toEqual([]);
    });
  });

  describe('message size', () => {
    it('should say the message is too long and store nothing when it has 4,001 characters', async () => {
      const chat = startChat(engine);
      const reply = await chat.say(`Hvordan arbejder man med hverdagsrehabilitering? ${'x'.repeat(4_001)}`.slice(0, 4_001));
      expect(reply).toMatchObject({ text: da.tooLong(4_000), citations: [], confidence: 0 });
      expect(await conversationRows(chat.key)).toEqual([]);
      expect(await storedMessages(knowledge.db, chat.key)).toEqual([]);
    });

    it.each(['', '   \n\t '])('should ask for a question and store nothing when the message is %j', async (text) => {
      const chat = startChat(engine);
      const reply = await chat.say(text);
      expect(reply).toMatchObject({ text: da.emptyMessage(), citations: [], confidence: 0 });
      expect(await conversationRows(chat.key)).toEqual([]);
    });
  });

  describe('rate limit', () => {
    // Near the real time: the limiter's occasional clean-up drops windows a day older than the clock of whoever runs it.
    const minuteStart = () => Math.floor(Date.now() / 60_000) * 60_000;

    it('should refuse the 4th message of a user within a minute politely and leave another user unaffected', async () => {
      const now = new Date(minuteStart() + 15_000);
      const { engine: limited } = engineOn(knowledge, { rateLimitPerMinute: 3, now: () => now });
      const chat = startChat(limited, { user: publicUser() });
      for (let i = 0; i < 3; i += 1) expect((await chat.say('hej, hvad kan du?')).text).toBe(da.greeting());

      const refused = await chat.say('hej, hvad kan du?');
      expect(refused).toMatchObject({ text: da.rateLimited(45), citations: [], confidence: 0 });
      expect(await storedMessages(knowledge.db, chat.key)).toHaveLength(6);
      const other = await startChat(limited, { user: publicUser() }).say('hej, hvad kan du?');
      expect(other.text).toBe(da.greeting());
    });

    it('should let the user ask again when the next minute starts', async () => {
      const start = minuteStart() - 60_000;
      let now = new Date(start + 59_000);
      const { engine: limited } = engineOn(knowledge, { rateLimitPerMinute: 1, now: () => now });
      const chat = startChat(limited);
      await chat.say('hej');
      expect((await chat.say('hej')).text).toBe(da.rateLimited(1));
      now = new Date(start + 60_000);
      expect((await chat.say('hej')).text).toBe(da.greeting());
    });

    it('should keep the current window when the occasional clean-up runs on an injected clock', async () => {
      const random = vi.spyOn(Math, 'random').mockReturnValue(0);
      try {
        const now = new Date('2025-06-02T10:00:15.000Z');
        const { engine: limited } = engineOn(knowledge, { rateLimitPerMinute: 1, now: () => now });
        const chat = startChat(limited);
        await chat.say('hej');
        expect((await chat.say('hej')).text).toBe(da.rateLimited(45));
      } finally {
        random.mockRestore();
      }
    });
  });

  describe('database failures', () => {
    const down = () => new DatabaseUnavailableError('Database unavailable: connect ECONNREFUSED', { cause: new Error('ECONNREFUSED 127.0.0.1:5432') });

    it.each([
      ['is unreachable', () => true],
      ['fails during the search', (sql: string) => /\bchunks\b/.test(sql)],
      ['fails while storing the reply', (sql: string, params?: unknown[]) => sql.includes('INSERT INTO messages') && params?.[2] === 'bot'],
    ])('should apologise without throwing and log one error with its cause when the database %s', async (_when, fails) => {
      const db = failingDb(knowledge.db, fails, down);
      const { engine: broken, logger } = engineOn(knowledgeOn(db, knowledge.embedder));
      const reply = await startChat(broken).say('Hvilke kommuner har arbejdet med hverdagsrehabilitering?');

      expect(reply).toMatchObject({ text: da.databaseDown(), citations: [], confidence: 0, escalationOffered: false });
      const errors = logger.at('error');
      expect(errors).toHaveLength(1);
      const error = errors[0]!.details?.error as Error;
      expect(error).toBeInstanceOf(DatabaseUnavailableError);
      expect((error.cause as Error).message).toContain('ECONNREFUSED');
    });

    it('should apologise and log one error with its cause when the database has been closed', async () => {
      const db = await target.open();
      await db.close();
      const { engine: closed, logger } = engineOn(knowledgeOn(db, knowledge.embedder));

      const reply = await startChat(closed).say('Hvilke kommuner har arbejdet med hverdagsrehabilitering?');
      expect(reply).toMatchObject({ text: da.databaseDown(), citations: [], confidence: 0 });
      const errors = logger.at('error');
      expect(errors).toHaveLength(1);
      expect((errors[0]!.details?.error as Error).cause).toBeDefined();
      expect(await closed.health()).toMatchObject({ ok: false, database: { ok: false } });
    });
  });
});
