import { describe, expect, it } from 'vitest';
import { REPLY_TEXTS, buildCitations, composeLowConfidenceAnswer } from '../../../../bot/answer/index.js';
import { loadHitFixture } from '../../../fixtures/hits/hit-fixtures.js';

describe('composeLowConfidenceAnswer', () => {
  it('should list the three closest sources by title and offer an adviser when retrieval found something', () => {
    const { citations } = buildCitations(loadHitFixture('off02').hits);
    const { text, usedCitations } = composeLowConfidenceAnswer(citations, 'da');
    expect(text.startsWith(REPLY_TEXTS.da.lowConfidence(true))).toBe(true);
    expect(text.endsWith(REPLY_TEXTS.da.offerAdviser())).toBe(true);
    expect(usedCitations).toEqual([1, 2, 3]);
    for (const citation of citations.slice(0, 3)) expect(text).toContain(`**${citation.title}**`);
    expect(text).not.toContain(citations[3].title);
    // Only titles and metadata: no passage text is presented as an answer.
    for (const citation of citations) expect(text).not.toContain(citation.passage);
  });

  it('should answer in English when the user writes English', () => {
    const { citations } = buildCitations(loadHitFixture('off05').hits);
    const { text } = composeLowConfidenceAnswer(citations, 'en');
    expect(text.startsWith(REPLY_TEXTS.en.lowConfidence(true))).toBe(true);
    expect(text).toContain(REPLY_TEXTS.en.offerAdviser());
  });

  it('should say nothing close was found and cite nothing when there are no citations', () => {
    expect(composeLowConfidenceAnswer([], 'da')).toEqual({
      text: `${REPLY_TEXTS.da.lowConfidence(false)} ${REPLY_TEXTS.da.offerAdviser()}`,
      usedCitations: [],
    });
  });
});
