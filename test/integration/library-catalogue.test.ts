/**
 * The console's library queries on every test database: the list's filters, text query, paging and counts; one
 * document's chunks in order; and the questions whose answers cited a document (newest first, masked, limited).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCitingQuestions } from '../../bot/store/citing-questions.js';
import { appendMessage, upsertConversation } from '../../bot/store/conversation-store.js';
import { LOCAL_EMBEDDING_DIMENSIONS } from '../../config/env.js';
import { runIngest } from '../../ingest/run-ingest.js';
import type { Db } from '../../knowledge/db/db.js';
import { createLocalEmbedder } from '../../knowledge/embeddings/index.js';
import { listCatalogue, readCatalogueDocument } from '../../knowledge/store/library-catalogue.js';
import { FIXTURE_LIBRARY } from '../support/library-fixture.js';
import { testDatabases } from '../support/test-databases.js';

const FREDERICIA = 'fredericia-hverdagsrehabilitering';
const TELEMEDICIN = 'region-telemedicin';

describe.each(testDatabases)('the library catalogue on $name', (target) => {
  let db: Db;

  beforeAll(async () => {
    db = await target.open();
    const embedder = createLocalEmbedder({ dimensions: LOCAL_EMBEDDING_DIMENSIONS });
    await runIngest({ db, embedder }, { inputs: [FIXTURE_LIBRARY], cwd: FIXTURE_LIBRARY });
  });
  afterAll(async () => db?.close());

  it('should list every document, newest first, with the total and the counts per type and audience', async () => {
    const page = await listCatalogue(db);
    const ids = page.documents.map((doc) => doc.id);
    expect(ids).toEqual(expect.arrayContaining([FREDERICIA, TELEMEDICIN, 'intern-note', 'csv-skaermbesoeg']));
    expect(page.total).toBe(ids.length);
    expect(ids.indexOf(TELEMEDICIN)).toBeLessThan(ids.indexOf(FREDERICIA)); // 2012 before 2008–2010
    expect(page.counts.audience).toMatchObject({ internal: 1 });
    expect(Object.values(page.counts.type).reduce((a, b) => a + b, 0)).toBe(page.total);
    expect(page.documents.find((doc) => doc.id === FREDERICIA)).toMatchObject({
      type: 'case', organisation: 'Fredericia Kommune', region: 'Syddanmark', year: 2008, endYear: 2010, audience: 'public', sourceFormat: 'markdown',
    });
  });

  it('should filter by type, region, organisation type, year range and audience together', async () => {
    expect((await listCatalogue(db, { regions: ['Nordjylland'] })).documents.map((doc) => doc.id)).toEqual(['csv-borgertopmoede', TELEMEDICIN]);
    expect((await listCatalogue(db, { regions: ['Nordjylland'], types: ['case'], yearTo: 2015 })).documents.map((doc) => doc.id)).toEqual([TELEMEDICIN]);
    expect((await listCatalogue(db, { organisationTypes: ['region'] })).documents.map((doc) => doc.id)).toEqual([TELEMEDICIN]);
    expect((await listCatalogue(db, { types: ['method'], audience: 'internal' })).documents.map((doc) => doc.id)).toEqual(['intern-note']);
    expect((await listCatalogue(db, { audience: 'public' })).documents.map((doc) => doc.id)).not.toContain('intern-note');
    const years = await listCatalogue(db, { yearFrom: 2009, yearTo: 2012, types: ['case'] });
    expect(years.documents.map((doc) => doc.id).sort()).toEqual(expect.arrayContaining([FREDERICIA, TELEMEDICIN]));
    for (const doc of years.documents) expect(doc.year).toBeLessThanOrEqual(2012);
    const none = await listCatalogue(db, { regions: ['Hovedstaden'] });
    expect(none).toMatchObject({ documents: [], total: 0 });
  });

  it('should find a text in the title or organisation, in any case, and words anywhere in the text', async () => {
    expect((await listCatalogue(db, { text: 'Fredericia' })).documents.map((doc) => doc.id)).toEqual([FREDERICIA]);
    // The organisation named in full comes first; other documents with the word "kommune" in their text follow.
    const named = await listCatalogue(db, { text: 'fredericia kommune' });
    expect(named.documents[0]?.id).toBe(FREDERICIA);
    expect(named.total).toBe(named.documents.length);
    expect((await listCatalogue(db, { text: 'SKÆRMBESØG I HJEMMEPL' })).documents.map((doc) => doc.id)).toEqual(['csv-skaermbesoeg']);
    // "KOL" is only in the telemedicine title; "hjælpe ældre borgere" only in Fredericia's text.
    expect((await listCatalogue(db, { text: 'hjælpe ældre borgere i eget hjem' })).documents[0]?.id).toBe(FREDERICIA);
    // LIKE's wildcards are matched literally.
    expect((await listCatalogue(db, { text: '%' })).total).toBe(0);
  });

  it('should page the list without overlap and keep the total', async () => {
    const all = await listCatalogue(db);
    const first = await listCatalogue(db, { page: 1, pageSize: 2 });
    const second = await listCatalogue(db, { page: 2, pageSize: 2 });
    expect(first.documents).toHaveLength(2);
    expect(first.total).toBe(all.total);
    expect([...first.documents, ...second.documents].map((doc) => doc.id)).toEqual(all.documents.slice(0, 4).map((doc) => doc.id));
  });

  it("should read one document's metadata and its chunks in order, and nothing for an unknown id", async () => {
    const doc = await readCatalogueDocument(db, FREDERICIA);
    expect(doc).toMatchObject({ id: FREDERICIA, policyArea: 'ældre og sundhed', methods: ['hverdagsrehabilitering'], status: 'skaleret', contact: { role: 'Projektleder' } });
    expect(doc!.chunks.length).toBe(doc!.chunkCount);
    expect(doc!.chunks.map((chunk) => chunk.ordinal)).toEqual(doc!.chunks.map((_, index) => index));
    expect(doc!.chunks.some((chunk) => chunk.content.includes('Hjemmeplejen trænede'))).toBe(true);
    expect(await readCatalogueDocument(db, 'findes-ikke')).toBeUndefined();
  });

  it('should list the questions whose answers cited a document, newest first, masked and limited', async () => {
    const cite = (documentId: string) => ({ n: 1, documentId, title: documentId, passage: 'Et uddrag.' });
    const ask = async (conversation: string, question: string, documents: string[], at: string) => {
      const key = (await upsertConversation(db, { channel: 'slack', conversationId: conversation, threadId: '', user: { id: 'u1', audience: 'internal' } }, 'da')).id;
      const questionId = await appendMessage(db, key, { role: 'user', text: question });
      const answerId = await appendMessage(db, key, { role: 'bot', text: 'Svar [1].', citations: documents.map(cite) });
      await db.query('UPDATE messages SET created_at = $2 WHERE id = $1', [questionId, at]);
      await db.query('UPDATE messages SET created_at = $2 WHERE id = $1', [answerId, new Date(new Date(at).getTime() + 1000).toISOString()]);
      return answerId;
    };
    await ask('c-old', 'Gammelt spørgsmål om rehabilitering', [FREDERICIA], '2020-01-01T10:00:00Z');
    const older = await ask('c-1', 'Hvem har prøvet hverdagsrehabilitering?', [FREDERICIA], '2026-11-01T10:00:00Z');
    await ask('c-2', 'Noget om telemedicin', [TELEMEDICIN], '2026-11-02T10:00:00Z');
    // Stored before masking caught it: the page must still not show the number.
    const newer = await ask('c-3', 'Ring til mig på 22 33 44 55 om Fredericia', [TELEMEDICIN, FREDERICIA], '2026-11-03T10:00:00Z');

    const since = new Date('2026-01-01T00:00:00Z');
    const citing = await listCitingQuestions(db, FREDERICIA, { since });
    expect(citing.map((row) => row.answerId)).toEqual([newer, older]);
    expect(citing[1]).toMatchObject({ question: 'Hvem har prøvet hverdagsrehabilitering?', channel: 'slack', askedAt: '2026-11-01T10:00:00.000Z' });
    expect(citing[0]!.question).not.toContain('22 33 44 55');
    expect(await listCitingQuestions(db, FREDERICIA, { since, limit: 1 })).toHaveLength(1);
    expect(await listCitingQuestions(db, 'findes-ikke', { since })).toEqual([]);
  });
});
