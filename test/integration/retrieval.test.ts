import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../knowledge/db/db.js';
import type { Embedder } from '../../knowledge/embeddings/index.js';
import { searchLibrary } from '../../knowledge/retrieval/search-library.js';
import type { SearchOptions } from '../../knowledge/retrieval/search-types.js';
import { evaluateRetrieval, loadQuestions } from '../eval/evaluate-retrieval.js';
import { openKnowledgeBase } from '../../knowledge/knowledge-base.js';
import { loadConfig } from '../../config/env.js';
import { openSampleKnowledge } from '../support/sample-knowledge.js';
import { testDatabases } from '../support/test-databases.js';

describe.each(testDatabases)('searchLibrary on $name with the sample library', (target) => {
  let db: Db;
  let embedder: Embedder;
  const search = (question: string, options: Partial<SearchOptions> = {}) =>
    searchLibrary({ db, embedder }, question, { audience: 'public', ...options });

  beforeAll(async () => {
    ({ db, embedder } = await openSampleKnowledge(target));
  });
  afterAll(async () => db?.close());

  it('should rank the Fredericia case near the top when asked about hverdagsrehabilitering in other words', async () => {
    const hits = await search('Hvem har prøvet genoptræning i hverdagen i stedet for hjemmehjælp?', { perDocument: 1 });
    expect(hits.slice(0, 5).map((hit) => hit.documentId)).toContain('fredericia-laengst-muligt-i-eget-liv');
  });

  it('should return only regions when filtered on organisation type region', async () => {
    const hits = await search('telemedicin og borgere med kroniske sygdomme', { filters: { organisationTypes: ['region'] } });
    expect(hits.length).toBeGreaterThan(0);
    expect(new Set(hits.map((hit) => hit.document.organisationType))).toEqual(new Set(['region']));
  });

  it('should respect region and year filters together', async () => {
    const hits = await search('velfærdsteknologi', { filters: { regions: ['Syddanmark'], yearFrom: 2012 }, limit: 20 });
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) {
      expect(hit.document.region).toBe('Syddanmark');
      expect(hit.document.endYear ?? hit.document.year).toBeGreaterThanOrEqual(2012);
    }
  });

  it('should never return internal documents to the public audience', async () => {
    const question = 'intern note om rådgivning om robotstøvsugere og regelfritagelse';
    for (const mode of ['hybrid', 'vector', 'lexical'] as const) {
      const hits = await search(question, { mode, limit: 50, perDocument: 5 });
      expect(hits.filter((hit) => hit.document.audience !== 'public')).toEqual([]);
    }
    const staff = await search(question, { audience: 'internal', perDocument: 1 });
    expect(staff.some((hit) => hit.document.audience === 'internal')).toBe(true);
  });

  it('should cap chunks per document so one long document cannot crowd out the rest', async () => {
    const hits = await search('innovation i den offentlige sektor', { limit: 20, perDocument: 2 });
    const counts = new Map<string, number>();
    for (const hit of hits) counts.set(hit.documentId, (counts.get(hit.documentId) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(2);
    expect(counts.size).toBeGreaterThanOrEqual(10);
  });

  it('should report vector similarity and keyword coverage for hits each retriever found', async () => {
    const [top] = await search('tillidsreform i Københavns Kommune');
    expect(top?.vectorSimilarity).toBeGreaterThan(0.2);
    expect(top?.lexicalCoverage).toBeGreaterThan(0.5);
    const lexical = await search('tillidsreform', { mode: 'lexical' });
    expect(lexical.every((hit) => hit.vectorSimilarity === undefined)).toBe(true);
  });

  it('should still match the known words of a question when one word is in no document (a typo, say)', async () => {
    const plain = await search('tillidsreform', { mode: 'lexical', perDocument: 1 });
    const withTypo = await search('tillidsreform xqzvbrk', { mode: 'lexical', perDocument: 1 });
    expect(plain.length).toBeGreaterThan(0);
    expect(withTypo.map((hit) => hit.documentId)).toEqual(plain.map((hit) => hit.documentId));
  });

  it('should rank a chunk with a question word in its title, organisation or headings above one with it only in the text', async () => {
    const hits = await search('hverdagsrehabilitering', { mode: 'lexical', perDocument: 1, limit: 20 });
    const inTitle = (hit: (typeof hits)[number]) =>
      `${hit.document.title} ${hit.document.organisation ?? ''} ${hit.headingPath.join(' ')}`.toLowerCase().includes('hverdagsrehabilitering');
    const firstWithout = hits.findIndex((hit) => !inTitle(hit));
    expect(hits.findIndex(inTitle)).toBe(0);
    if (firstWithout >= 0) expect(hits.slice(firstWithout).some(inTitle)).toBe(false);
  });

  it('should rank on the topic, not on the question verb, when asked "hvem har lavet …"', async () => {
    const plain = await search('borgerbudgetter', { mode: 'lexical', perDocument: 1 });
    const asked = await search('hvem har lavet borgerbudgetter', { mode: 'lexical', perDocument: 1 });
    expect(plain[0]?.documentId).toBe('brugerinddragelse-og-samskabelse');
    expect(asked.map((hit) => hit.documentId)).toEqual(plain.map((hit) => hit.documentId));
    const hybrid = await search('Er der nogen der har lavet borgerbudgetter?', { perDocument: 1 });
    expect(hybrid[0]?.documentId).toBe('brugerinddragelse-og-samskabelse');
    expect(hybrid.slice(0, 3).map((hit) => hit.documentId)).not.toContain('fredericia-laengst-muligt-i-eget-liv');
  });

  it('should find accented words however they are typed: "Idéklinikken", "Ideklinikken", "Café"', async () => {
    for (const question of ['Idéklinikken', 'Ideklinikken', 'IDÉKLINIKKEN', 'Hvem har lavet en idéklinik?']) {
      const hits = await search(question, { mode: 'lexical', perDocument: 1 });
      expect(hits[0]?.documentId, question).toBe('region-nordjylland-ideklinikken');
    }
    const cafe = await search('Café', { mode: 'lexical', perDocument: 1 });
    expect(cafe.map((hit) => hit.documentId)).toContain('brugerinddragelse-og-samskabelse');
    expect(await search('Cafe', { mode: 'lexical', perDocument: 1 })).toEqual(cafe);
  });

  it('should list the documents the filters choose when the question names only filters', async () => {
    const hits = await search('cases fra Region Midtjylland efter 2015', {
      filters: { types: ['case'], regions: ['Midtjylland'], yearFrom: 2016 },
      perDocument: 1,
    });
    expect(hits.map((hit) => hit.documentId).sort()).toEqual(
      ['aarhus-nye-veje-til-velfaerd-innovationspulje', 'holstebro-lokalstrategier-i-landsbyer'].sort(),
    );
    expect(hits.every((hit) => hit.browsed === true && hit.ordinal === 0)).toBe(true);
  });

  it('should search the subject within the filters and list nothing off the subject', async () => {
    const hits = await search('beskæftigelse efter 2020', { filters: { yearFrom: 2021 }, perDocument: 1 });
    expect(hits.map((hit) => hit.documentId)).toEqual(['cabi-groen-omstilling-social-inklusion']);
    expect(await search('skybrud', { filters: { regions: ['Nordjylland'] } })).toEqual([]);
  });

  it('should return nothing for an empty question', async () => {
    expect(await search('   ')).toEqual([]);
  });

  it('should be at least as good hybrid as either retriever alone and reach hit@5 of 0.9 on the eval questions', async () => {
    const knowledge = await openKnowledgeBase(loadConfig({}), { db, embedder });
    const report = await evaluateRetrieval(knowledge, loadQuestions());
    const { hybrid, vector, lexical } = report.scores;
    expect(hybrid.hit5).toBeGreaterThanOrEqual(0.9);
    expect(hybrid.hit5).toBeGreaterThanOrEqual(Math.max(vector.hit5, lexical.hit5));
    expect(hybrid.mrr).toBeGreaterThanOrEqual(Math.max(vector.mrr, lexical.mrr));
  });
});
