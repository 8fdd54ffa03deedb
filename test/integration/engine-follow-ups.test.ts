import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIDENCE_THRESHOLD } from '../../bot/answer/index.js';
import { replyTexts, type Engine, type PreviousTurn } from '../../bot/index.js';
import type { KnowledgeBase } from '../../knowledge/index.js';
import {
  contactOf,
  documentsById,
  engineOn,
  expectGroundedReply,
  openEngineKnowledge,
  startChat,
  storedMessages,
} from '../support/engine-harness.js';
import { testDatabases } from '../support/test-databases.js';

const da = replyTexts('da');
const QUESTION = 'Hvilke kommuner har arbejdet med hverdagsrehabilitering?';

describe.each(testDatabases)('engine follow-ups on $name with the sample library', (target) => {
  let knowledge: KnowledgeBase;
  let engine: Engine;

  beforeAll(async () => {
    knowledge = await openEngineKnowledge(target);
    ({ engine } = engineOn(knowledge));
  });
  afterAll(async () => knowledge?.close());

  /** The newest remembered turn of a chat (what the next follow-up builds on). */
  const lastTurn = async (key: string) =>
    (await storedMessages(knowledge.db, key)).filter((message) => message.turn).at(-1)?.turn as PreviousTurn | undefined;

  it('should list the contacts of the previous cases exactly as their documents give them when asked "hvem kan jeg kontakte?"', async () => {
    const chat = startChat(engine);
    const first = await chat.say(QUESTION);
    const reply = await chat.say('hvem kan jeg kontakte?');

    expect(reply.intent).toBe('case_lookup');
    expect(reply.text.startsWith(da.contactsIntro())).toBe(true);
    expect(reply.cases.map((card) => card.documentId)).toEqual(first.cases.map((card) => card.documentId));
    expect(reply.citations.every((citation) => first.citations.some((earlier) => earlier.n === citation.n && earlier.documentId === citation.documentId))).toBe(true);
    const documents = await documentsById(knowledge.db, reply.cases.map((card) => card.documentId));
    const known = { emails: new Set<string>(), phones: new Set<string>() };
    for (const card of reply.cases) {
      const contact = contactOf(documents.get(card.documentId));
      expect(card.contact).toEqual(contact);
      if (contact?.email) {
        known.emails.add(contact.email);
        expect(reply.text).toContain(contact.email);
      }
      if (contact?.phone) known.phones.add(contact.phone);
    }
    expect(known.emails.size).toBeGreaterThan(0);
    for (const [email] of reply.text.matchAll(/[\w.+-]+@[\w.-]+\.\w+/g)) expect(known.emails.has(email), email).toBe(true);
    for (const [phone] of reply.text.matchAll(/\+?\d[\d ]{6,}\d/g)) expect(known.phones.has(phone), phone).toBe(true);
  });

  it('should answer about the document of the previous citation 2 when asked "fortæl mere om nummer 2"', async () => {
    const chat = startChat(engine);
    const first = await chat.say(QUESTION);
    await chat.say('hvem kan jeg kontakte?');
    const second = first.citations.find((citation) => citation.n === 2)!;
    const reply = await chat.say('fortæl mere om nummer 2');

    await expectGroundedReply(knowledge.db, reply);
    expect(reply.citations.map((citation) => citation.documentId)).toEqual([second.documentId]);
    expect(reply.cases.every((card) => card.documentId === second.documentId)).toBe(true);
    expect(reply.text).toContain(second.organisation!);
    expect(reply.escalationOffered).toBe(false);
  });

  it('should keep the topic and switch the filter to regions when asked "hvad med regionerne?" after "fortæl mere om nummer 2"', async () => {
    const chat = startChat(engine);
    await chat.say(QUESTION);
    await chat.say('hvem kan jeg kontakte?');
    await chat.say('fortæl mere om nummer 2');
    const reply = await chat.say('hvad med regionerne?');

    expect(await lastTurn(chat.key)).toMatchObject({ resolvedQuestion: QUESTION, filters: { organisationTypes: ['region'] } });
    expect((await lastTurn(chat.key))?.filters.documentIds).toBeUndefined();
    const documents = await documentsById(knowledge.db, reply.citations.map((citation) => citation.documentId));
    for (const document of documents.values()) expect(document.organisation_type, document.id).toBe('region');
  });

  it('should keep the topic and answer for the regions when asked "hvad med regionerne?" after a telemedicine question', async () => {
    const chat = startChat(engine);
    const first = await chat.say('Hvilke kommuner har arbejdet med telemedicin?');
    const reply = await chat.say('hvad med regionerne?');

    expect(reply.confidence).toBeGreaterThanOrEqual(CONFIDENCE_THRESHOLD);
    const documents = await expectGroundedReply(knowledge.db, reply);
    for (const document of documents.values()) expect(document.organisation_type, document.id).toBe('region');
    expect([...documents.keys()]).toContain('region-midtjylland-center-for-telemedicin');
    expect(await lastTurn(chat.key)).toMatchObject({ resolvedQuestion: 'Hvilke kommuner har arbejdet med telemedicin?' });
    expect(first.citations.length).toBeGreaterThan(0);
  });

  it('should show other cases of the same topic when asked "er der flere?" after "fortæl mere om nummer 2"', async () => {
    const chat = startChat(engine);
    const first = await chat.say(QUESTION);
    const focused = first.citations.find((citation) => citation.n === 2)!.documentId;
    await chat.say('fortæl mere om nummer 2');
    const reply = await chat.say('er der flere?');

    expect(reply.citations.length).toBeGreaterThan(0);
    expect(reply.citations.map((citation) => citation.documentId)).not.toContain(focused);
    expect(reply.confidence).toBeGreaterThan(0);
  });

  it('should not see the previous turn when the same conversation continues in another thread', async () => {
    const chat = startChat(engine);
    const first = await chat.say(QUESTION);
    const other = chat.thread('thread-2');
    const contacts = await other.say('hvem kan jeg kontakte?');
    const more = await other.say('fortæl mere om nummer 2');

    expect(contacts.text.startsWith(da.contactsIntro())).toBe(false);
    for (const card of first.cases) if (card.contact?.email) expect(contacts.text).not.toContain(card.contact.email);
    const second = first.citations.find((citation) => citation.n === 2)!.documentId;
    expect(more.citations.map((citation) => citation.documentId)).not.toEqual([second]);
    expect((await storedMessages(knowledge.db, other.key)).map((message) => message.text)).not.toContain(QUESTION);
    expect((await storedMessages(knowledge.db, chat.key)).map((message) => message.role)).toEqual(['user', 'bot']);
  });
});
