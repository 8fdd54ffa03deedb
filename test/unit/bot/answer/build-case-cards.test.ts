import { describe, expect, it } from 'vitest';
import { buildCaseCards, buildCitations, oneLineSummary } from '../../../../bot/answer/index.js';
import type { SearchHit } from '../../../../knowledge/index.js';
import { loadAllHitFixtures, loadHitFixture } from '../../../fixtures/hits/hit-fixtures.js';

/** A real case hit re-labelled as another document of `organisation`. */
function caseHit(template: SearchHit, id: string, organisation: string): SearchHit {
  return { ...template, documentId: id, document: { ...template.document, id, organisation, type: 'case' } };
}

describe('buildCaseCards', () => {
  it('should make cards only for case documents, one per document, when hits mix cases and methods', () => {
    const { hits } = loadHitFixture('q33');
    expect(hits.some((hit) => hit.document.type === 'method')).toBe(true);
    const { byDocument } = buildCitations(hits);
    const cards = buildCaseCards(hits, byDocument);
    const caseIds = [...new Set(hits.filter((hit) => hit.document.type === 'case').map((hit) => hit.documentId))];
    expect(cards.map((card) => card.documentId).sort()).toEqual(caseIds.sort());
  });

  it('should copy organisation, year, contact and url from the document and the number from the citations', () => {
    for (const fixture of loadAllHitFixtures()) {
      const { byDocument } = buildCitations(fixture.hits);
      for (const card of buildCaseCards(fixture.hits, byDocument)) {
        const document = fixture.hits.find((hit) => hit.documentId === card.documentId)!.document;
        expect(card.organisation).toBe(document.organisation ?? '');
        expect(card.title).toBe(document.title);
        expect(card.year).toBe(document.year);
        expect(card.contact).toEqual(document.contact);
        expect(card.url).toBe(document.sourceUrl);
        expect(card.citation).toBe(byDocument.get(card.documentId));
        expect(card.summary).not.toContain('\n');
      }
    }
  });

  it('should place the same organisation side by side when its cases are not adjacent in rank', () => {
    const template = loadHitFixture('q01').hits.find((hit) => hit.document.type === 'case')!;
    const hits = [caseHit(template, 'a1', 'Odense Kommune'), caseHit(template, 'b1', 'Aarhus Kommune'), caseHit(template, 'a2', 'Odense Kommune')];
    const cards = buildCaseCards(hits, new Map([['a1', 1], ['b1', 2], ['a2', 3]]));
    expect(cards.map((card) => card.documentId)).toEqual(['a1', 'a2', 'b1']);
  });

  it('should stop at maxCards and leave the citation out when a case is not cited', () => {
    const template = loadHitFixture('q01').hits.find((hit) => hit.document.type === 'case')!;
    const hits = ['a', 'b', 'c', 'd'].map((id) => caseHit(template, id, `Org ${id}`));
    const cards = buildCaseCards(hits, new Map([['a', 1]]), 3);
    expect(cards).toHaveLength(3);
    expect(cards[0].citation).toBe(1);
    expect(cards[1].citation).toBeUndefined();
  });
});

describe('oneLineSummary', () => {
  it('should return the summary on one line when it is well formed', () => {
    expect(oneLineSummary('Fredericia Kommune stod med\nflere ældre borgere.')).toBe('Fredericia Kommune stod med flere ældre borgere.');
  });

  it('should drop fragments left by a summariser that cut inside an abbreviation', () => {
    const garbled = loadAllHitFixtures()
      .flatMap((fixture) => fixture.hits)
      .find((hit) => hit.documentId === 'design-thinking')!.document.summary;
    expect(garbled.startsWith('a. ')).toBe(true);
    const summary = oneLineSummary(garbled);
    expect(summary.startsWith('Den beskrives typisk i fem faser')).toBe(true);
    expect(summary.endsWith('prototype og test.')).toBe(true);
  });

  it('should fall back to a sentence from the case itself when nothing whole is left of the summary', () => {
    const hits = loadHitFixture('q01').hits.filter((hit) => hit.documentId === 'fredericia-laengst-muligt-i-eget-liv');
    const summary = oneLineSummary('a. gennem Velfærdskaravanen, ville kommunen noget.', hits);
    expect(hits.some((hit) => hit.content.replace(/\s+/gu, ' ').includes(summary))).toBe(true);
  });
});
