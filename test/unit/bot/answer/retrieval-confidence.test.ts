import { describe, expect, it } from 'vitest';
import {
  CONFIDENCE_THRESHOLD,
  confidenceSignals,
  retrievalConfidence,
} from '../../../../bot/answer/index.js';
import type { SearchHit } from '../../../../knowledge/index.js';
import { fixtureLanguage, loadAllHitFixtures, loadHitFixture } from '../../../fixtures/hits/hit-fixtures.js';

const fixtures = loadAllHitFixtures();
const score = (id: string) => {
  const fixture = loadHitFixture(id);
  return retrievalConfidence(fixture.question, fixture.hits);
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** A hit based on a real one, with the retrieval signals replaced. */
function withSignals(hit: SearchHit, documentId: string, vector?: number, lexical?: number): SearchHit {
  return { ...hit, documentId, document: { ...hit.document, id: documentId }, vectorSimilarity: vector, lexicalCoverage: lexical };
}

describe('retrievalConfidence calibration on recorded hit lists', () => {
  const danishInDomain = fixtures.filter((fixture) => fixture.kind !== 'off' && fixtureLanguage(fixture) === 'da');
  const offTopic = fixtures.filter((fixture) => fixture.kind === 'off');
  const inDomainScores = danishInDomain.map((fixture) => retrievalConfidence(fixture.question, fixture.hits));
  const offTopicScores = offTopic.map((fixture) => retrievalConfidence(fixture.question, fixture.hits));

  it('should put at least 90 % of the Danish eval questions at or above the threshold when retrieval found the library', () => {
    expect(danishInDomain.length).toBeGreaterThanOrEqual(70);
    const above = inDomainScores.filter((value) => value >= CONFIDENCE_THRESHOLD).length;
    expect(above / inDomainScores.length).toBeGreaterThanOrEqual(0.9);
    expect(median(inDomainScores)).toBeGreaterThanOrEqual(0.55);
  });

  it('should keep off-topic questions below the threshold when they only share everyday words with the library', () => {
    expect(offTopic.length).toBeGreaterThanOrEqual(10);
    // One known exception: "Hvad er hovedstaden i Frankrig?" matches Region Hovedstaden on both retrievers.
    expect(offTopicScores.filter((value) => value >= CONFIDENCE_THRESHOLD).length).toBeLessThanOrEqual(1);
    expect(Math.max(...offTopicScores)).toBeLessThan(median(inDomainScores));
  });

  it('should score nonsense and everyday questions below the threshold when asked in Danish or English', () => {
    for (const id of ['off01', 'off02', 'off03', 'off04', 'off05', 'off09']) {
      expect(score(id), id).toBeLessThan(CONFIDENCE_THRESHOLD);
    }
  });

  it('should stay within 0..1 for every recorded hit list', () => {
    for (const fixture of fixtures) {
      const value = retrievalConfidence(fixture.question, fixture.hits);
      expect(value, fixture.id).toBeGreaterThanOrEqual(0);
      expect(value, fixture.id).toBeLessThanOrEqual(1);
    }
  });
});

describe('retrievalConfidence signals', () => {
  const base = loadHitFixture('q01').hits[0];

  it('should return 0 when there are no hits', () => {
    expect(retrievalConfidence('Hvem har prøvet hverdagsrehabilitering?', [])).toBe(0);
    expect(confidenceSignals([])).toEqual({ vector: 0, lexical: 0, agreement: 0, support: 0 });
  });

  it('should return 0 when the question has no meaningful words', () => {
    expect(retrievalConfidence('hvad er det?', loadHitFixture('q01').hits)).toBe(0);
    expect(retrievalConfidence('what is it?', loadHitFixture('q01').hits)).toBe(0);
  });

  it('should rise when both retrievers found the same chunk rather than one each', () => {
    const split = [withSignals(base, 'a', 0.4, undefined), withSignals(base, 'b', undefined, 0.6)];
    const agreed = [withSignals(base, 'a', 0.4, 0.6), withSignals(base, 'b', undefined, undefined)];
    expect(retrievalConfidence('genoptræning i eget hjem', agreed)).toBeGreaterThan(
      retrievalConfidence('genoptræning i eget hjem', split),
    );
  });

  it('should rise when more distinct documents support the best hit', () => {
    const one = [withSignals(base, 'a', 0.4, 0.6), withSignals(base, 'a', 0.39, 0.6), withSignals(base, 'a', 0.38, 0.6)];
    const three = [withSignals(base, 'a', 0.4, 0.6), withSignals(base, 'b', 0.39, 0.6), withSignals(base, 'c', 0.38, 0.6)];
    expect(confidenceSignals(three).support).toBe(1);
    expect(confidenceSignals(one).support).toBeCloseTo(1 / 3);
    expect(retrievalConfidence('genoptræning', three)).toBeGreaterThan(retrievalConfidence('genoptræning', one));
  });

  it('should rise with vector similarity and lexical coverage when everything else is equal', () => {
    const weak = [withSignals(base, 'a', 0.2, 0.3)];
    const strongerVector = [withSignals(base, 'a', 0.35, 0.3)];
    const strongerLexical = [withSignals(base, 'a', 0.2, 0.7)];
    expect(retrievalConfidence('genoptræning', strongerVector)).toBeGreaterThan(retrievalConfidence('genoptræning', weak));
    expect(retrievalConfidence('genoptræning', strongerLexical)).toBeGreaterThan(retrievalConfidence('genoptræning', weak));
  });
});
