import { describe, expect, it } from 'vitest';
import { groupGapTopics } from '../../../../bot/report/gap-topics.js';

const gaps = [
  { question: 'Hvilke kommuner har brugt droner til at inspicere tage?', reason: 'low_confidence' },
  { question: 'Hvem har erfaring med droner til inspektion af tage?', reason: 'thumbs_down' },
  { question: 'Har nogen lavet en firedages arbejdsuge i 2015?', reason: 'low_confidence' },
  { question: 'Hvilke kommuner har brugt droner til at inspicere tage?', reason: 'low_confidence' },
  { question: 'Hvordan bruger man kunstig intelligens i sagsbehandlingen?', reason: 'low_confidence' },
];

describe('groupGapTopics', () => {
  it('should name topics in the users own words, not word stems, when grouping gaps', () => {
    const topics = groupGapTopics(gaps);
    expect(topics[0]!.topic).toContain('droner');
    for (const topic of topics) {
      expect(topic.topic).not.toMatch(/\+|\bcas\b/u);
      expect(topic.topic).not.toMatch(/\b2015\b/u);
    }
  });

  it('should put every gap in exactly one topic, so the counts add up to the number of gaps', () => {
    const topics = groupGapTopics(gaps);
    expect(topics.reduce((sum, topic) => sum + topic.count, 0)).toBe(gaps.length);
    expect(topics[0]).toMatchObject({ count: 3, reasons: { low_confidence: 2, thumbs_down: 1 } });
  });
});
