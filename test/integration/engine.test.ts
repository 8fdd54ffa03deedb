import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyTexts } from '../../bot/index.js';
import { CONFIDENCE_THRESHOLD } from '../../bot/answer/index.js';
import type { Engine, BotReply } from '../../bot/index.js';
import type { KnowledgeBase } from '../../knowledge/index.js';
import {
  engineOn,
  expectGroundedReply,
  internalUser,
  openEngineKnowledge,
  rows,
  startChat,
  storedMessages,
} from '../support/engine-harness.js';
import { testDatabases } from '../support/test-databases.js';

const da = replyTexts('da');
const en = replyTexts('en');

const hasFeedbackButtons = (reply: BotReply) =>
  ['up', 'down'].every((value) => reply.actions.some((action) => action.type === 'feedback' && action.value === value));

describe.each(testDatabases)('engine answers on $name with the sample library', (target) => {
  let knowledge: KnowledgeBase;
  let engine: Engine;

  beforeAll(async () => {
    knowledge = await openEngineKnowledge(target);
    ({ engine } = engineOn(knowledge));
  });
  afterAll(async () => knowledge?.close());

  it('should give a cited extractive case answer when asked in Danish who has worked with hverdagsrehabilitering', async () => {
    const reply = await startChat(engine).say('Hvilke kommuner har arbejdet med hverdagsrehabilitering?');

    expect(reply).toMatchObject({ intent: 'case_lookup', mode: 'extractive', language: 'da', escalationOffered: false });
    expect(reply.confidence).toBeGreaterThanOrEqual(CONFIDENCE_THRESHOLD);
    const documents = await expectGroundedReply(knowledge.db, reply);
    expect(reply.cases.length).toBeGreaterThan(0);
    expect([...documents.keys()]).toContain('fredericia-laengst-muligt-i-eget-liv');
    expect(reply.text.startsWith(da.framing.caseLookupIntro)).toBe(true);
    expect(hasFeedbackButtons(reply)).toBe(true);
    expect(reply.actions.some((action) => action.type === 'escalate')).toBe(false);
    expect(reply.notices).toEqual([]);
  });

  it('should list the cases a question of filters only chooses, with full confidence and no offer of an adviser', async () => {
    const reply = await startChat(engine).say('cases fra Region Midtjylland efter 2015');
    expect(reply).toMatchObject({ intent: 'case_lookup', confidence: 1, escalationOffered: false });
    const documents = await expectGroundedReply(knowledge.db, reply);
    expect(documents.size).toBeGreaterThan(0);
    expect(reply.cases.length).toBeGreaterThan(0);
    expect(reply.cases.every((card) => card.region === 'Midtjylland')).toBe(true);
  });

  it('should store both sides of the turn with the citations when it answers', async () => {
    const chat = startChat(engine);
    const reply = await chat.say('Hvilke kommuner har arbejdet med hverdagsrehabilitering?');
    const stored = await storedMessages(knowledge.db, chat.key);
    expect(stored.map((message) => message.role)).toEqual(['user', 'bot']);
    expect(stored[1]).toMatchObject({ id: reply.replyId, text: reply.text });
    expect(stored[1]!.turn).toMatchObject({ resolvedQuestion: 'Hvilke kommuner har arbejdet med hverdagsrehabilitering?' });
  });

  it('should answer with intent method and citations when asked how to do something', async () => {
    const reply = await startChat(engine).say('Hvordan kommer vi i gang med design thinking?');
    expect(reply).toMatchObject({ intent: 'method', language: 'da', escalationOffered: false });
    expect(reply.confidence).toBeGreaterThanOrEqual(CONFIDENCE_THRESHOLD);
    const documents = await expectGroundedReply(knowledge.db, reply);
    expect([...documents.values()].some((document) => document.type === 'method')).toBe(true);
    // Composed from the method document: its name first, then definition and steps (issue 11).
    expect(reply.text.startsWith('**Design thinking**')).toBe(true);
    expect(reply.text).toContain(da.framing.stepsHeading);
  });

  it('should only cite regional cases when the question asks which regions worked with telemedicin', async () => {
    const reply = await startChat(engine).say('Hvilke regioner har arbejdet med telemedicin?');
    expect(reply.intent).toBe('case_lookup');
    const documents = await expectGroundedReply(knowledge.db, reply);
    for (const document of documents.values()) expect(document.organisation_type, document.id).toBe('region');
    expect(reply.cases.every((card) => card.organisationType === 'region')).toBe(true);
    expect([...documents.keys()]).toContain('region-midtjylland-center-for-telemedicin');
  });

  it('should frame the answer in English when the question is in English', async () => {
    const reply = await startChat(engine).say('Who has worked with telemedicine for COPD patients?');
    expect(reply.language).toBe('en');
    await expectGroundedReply(knowledge.db, reply);
    expect(reply.text.startsWith(en.framing.caseLookupIntro.replace(/:$/, ''))).toBe(true);
    expect(reply.text).toContain(en.framing.sourcesInDanish);
    expect(reply.actions.find((action) => action.type === 'feedback')?.label).toBe(en.actions.feedbackUp);
  });

  it('should decline politely with no citations and confidence 0 when the question is out of scope', async () => {
    const reply = await startChat(engine).say('hvad bliver vejret i morgen?');
    expect(reply).toMatchObject({ intent: 'out_of_scope', text: da.outOfScope(), citations: [], cases: [], confidence: 0 });
    // A decline offers an adviser (issue 11).
    expect(reply.escalationOffered).toBe(true);
  });

  it.each([
    ['a Christmas song', 'Kan du skrive en julesang til mig?'],
    ['an off-library topic', 'Hvordan søger man om byggetilladelse til en carport?'],
    ['nonsense', 'xqzv blorft wibble snark?'],
  ])('should decline without sources and offer an adviser when asked for %s', async (_kind, question) => {
    const reply = await startChat(engine).say(question);
    expect(reply).toMatchObject({ intent: 'out_of_scope', text: da.outOfScope(), citations: [], cases: [], confidence: 0 });
    expect(reply.escalationOffered).toBe(true);
  });

  it('should show the help text when the user greets and asks what the bot can do', async () => {
    const reply = await startChat(engine).say('hej, hvad kan du?');
    expect(reply).toMatchObject({ intent: 'greeting', text: da.greeting(), citations: [], confidence: 0 });
  });

  it.each([
    ['an in-domain topic the library lacks', 'Hvilke kommuner har brugt droner til at inspicere kommunale tage?'],
  ])('should say the library does not cover it, offer an adviser and record a knowledge gap when asked %s', async (_kind, question) => {
    const chat = startChat(engine);
    const reply = await chat.say(question);

    // Retrieval may be confident about passages that are not about the subject; none is on topic, so it is a gap.
    expect(reply.text.startsWith(da.lowConfidence(true)) || reply.text.startsWith(da.lowConfidence(false))).toBe(true);
    expect(reply.text).toContain(da.offerAdviser());
    expect(reply.escalationOffered).toBe(true);
    expect(reply.actions).toContainEqual({ type: 'escalate', label: da.actions.escalate });
    expect(reply.cases).toEqual([]);
    const gaps = await rows<{ question: string; reason: string; message_id: string }>(
      knowledge.db,
      'SELECT question, reason, message_id FROM knowledge_gaps WHERE conversation_id = $1',
      [chat.key],
    );
    expect(gaps).toEqual([{ question, reason: 'low_confidence', message_id: reply.replyId }]);
  });

  describe('internal notes', () => {
    const INTERNAL_MARKERS = [/intern note/i, /intern rådgivningsnote/i, /kraftcenter\.example\.dk/i, /må ikke deles/i, /ikke til ekstern brug/i];
    const questions = [
      'Hvordan rådgiver vi om robotstøvsugere i hjemmeplejen og egenbetaling?',
      'Hvordan rådgiver vi kommuner om frikommuneforsøg og udfordringsret?',
      'intern note om rådgivning om robotstøvsugere og regelfritagelse',
    ];

    it.each(questions)('should never cite or mention an internal note when a public user asks %j', async (question) => {
      const chat = startChat(engine);
      const replies = [await chat.say(question), await chat.say('hvem kan jeg kontakte?')];
      for (const reply of replies) {
        const ids = [...reply.citations.map((citation) => citation.documentId), ...reply.cases.map((card) => card.documentId)];
        const audiences = await rows<{ audience: string }>(knowledge.db, 'SELECT audience FROM documents WHERE id = ANY($1::text[])', [ids]);
        expect(audiences.filter((row) => row.audience !== 'public')).toEqual([]);
        expect(ids.filter((id) => id.startsWith('intern-note'))).toEqual([]);
        for (const marker of INTERNAL_MARKERS) expect(reply.text).not.toMatch(marker);
        for (const citation of reply.citations) for (const marker of INTERNAL_MARKERS) expect(citation.passage).not.toMatch(marker);
      }
    });

    it('should be able to cite the internal note when a member of staff asks the same question', async () => {
      const reply = await startChat(engine, { user: internalUser() }).say(questions[0]!);
      const documents = await expectGroundedReply(knowledge.db, reply);
      expect([...documents.values()].some((document) => document.audience === 'internal')).toBe(true);
      expect(reply.citations.map((citation) => citation.documentId)).toContain('intern-note-raadgivning-om-robotstoevsugere');
    });
  });
});
