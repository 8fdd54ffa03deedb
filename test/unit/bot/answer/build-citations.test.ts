import { describe, expect, it } from 'vitest';
import { PASSAGE_CHARS, buildCitations, collapseWhitespace, splitSentences, trimPassage } from '../../../../bot/answer/index.js';
import type { SearchHit } from '../../../../knowledge/index.js';
import { loadAllHitFixtures, loadHitFixture } from '../../../fixtures/hits/hit-fixtures.js';

const firstAppearance = (hits: SearchHit[]) => [...new Set(hits.map((hit) => hit.documentId))];

describe('buildCitations', () => {
  it('should give one number per document in rank order when a document has several chunks', () => {
    const { hits } = loadHitFixture('q01');
    expect(hits.length).toBeGreaterThan(firstAppearance(hits).length);
    const { citations, byDocument } = buildCitations(hits);
    expect(citations.map((citation) => citation.documentId)).toEqual(firstAppearance(hits).slice(0, 5));
    expect(citations.map((citation) => citation.n)).toEqual(citations.map((_, index) => index + 1));
    for (const citation of citations) expect(byDocument.get(citation.documentId)).toBe(citation.n);
  });

  it('should stop at maxSources documents when more were found', () => {
    const { hits } = loadHitFixture('q29');
    expect(firstAppearance(hits).length).toBeGreaterThan(3);
    const { citations, byDocument } = buildCitations(hits, 3);
    expect(citations).toHaveLength(3);
    expect(byDocument.size).toBe(3);
  });

  it('should take title, organisation, year and url from the document and the section from the heading path', () => {
    const { hits } = loadHitFixture('q01');
    const { citations } = buildCitations(hits);
    for (const citation of citations) {
      const document = hits.find((hit) => hit.documentId === citation.documentId)!.document;
      expect(citation.title).toBe(document.title);
      expect(citation.organisation).toBe(document.organisation);
      expect(citation.year).toBe(document.year);
      expect(citation.url).toBe(document.sourceUrl);
    }
    const fredericia = citations.find((citation) => citation.documentId === 'fredericia-laengst-muligt-i-eget-liv')!;
    const bodyChunk = hits.find((hit) => hit.documentId === fredericia.documentId && hit.headingPath.length > 0)!;
    expect(fredericia.section).toBe(bodyChunk.headingPath.join(' › '));
  });

  it('should build every passage from whole sentences of the cited document within 400 characters when using real hits', () => {
    let passages = 0;
    for (const fixture of loadAllHitFixtures()) {
      for (const citation of buildCitations(fixture.hits).citations) {
        expect(citation.passage.length, citation.documentId).toBeGreaterThan(0);
        expect(citation.passage.length, citation.documentId).toBeLessThanOrEqual(PASSAGE_CHARS);
        // List items are joined into running text, so compare with the chunks' markers removed.
        const chunks = fixture.hits
          .filter((hit) => hit.documentId === citation.documentId)
          .map((hit) => collapseWhitespace(hit.content.replace(/^\s*(?:[-*+•▪]|\d{1,2}[.)])\s+/gmu, '')));
        const sentences = splitSentences(citation.passage.replace(/…$/u, ''));
        const fromChunk = sentences.every((sentence) => chunks.some((chunk) => chunk.includes(sentence)));
        const fromSummary = collapseWhitespace(fixture.hits.find((hit) => hit.documentId === citation.documentId)!.document.summary) === citation.passage;
        expect(fromChunk || fromSummary, `${fixture.id} ${citation.documentId}`).toBe(true);
        passages += 1;
      }
    }
    expect(passages).toBeGreaterThan(300);
  });

  it('should use the body chunk rather than the metadata profile when both were retrieved', () => {
    const { hits } = loadHitFixture('q01');
    const { citations } = buildCitations(hits);
    for (const citation of citations) expect(citation.passage).not.toMatch(/^(?:Case|Metode|Hvem):/u);
  });

  it('should return no citations when there are no hits', () => {
    expect(buildCitations([])).toEqual({ citations: [], byDocument: new Map() });
  });
});

describe('trimPassage', () => {
  it('should keep whole sentences up to the limit when the passage is long', () => {
    expect(trimPassage(['Første sætning er her.', 'Anden sætning er her.', 'Tredje.'], 45)).toBe(
      'Første sætning er her. Anden sætning er her.',
    );
  });

  it('should cut at a word boundary and add an ellipsis when the first sentence alone is too long', () => {
    const passage = trimPassage(['Et meget langt ord '.repeat(40).trim() + '.'], 100);
    expect(passage.length).toBeLessThanOrEqual(100);
    expect(passage.endsWith('…')).toBe(true);
    expect(passage).not.toMatch(/\s…$/u);
  });
});
