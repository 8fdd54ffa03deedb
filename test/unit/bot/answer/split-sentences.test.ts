import { describe, expect, it } from 'vitest';
import { collapseWhitespace, splitSentences } from '../../../../bot/answer/index.js';
import { loadAllHitFixtures } from '../../../fixtures/hits/hit-fixtures.js';

describe('splitSentences', () => {
  it('should split Danish prose at full stops when the next sentence starts with a capital or a digit', () => {
    expect(splitSentences('Kommunen købte 220 robotter. Det gik godt! 63 % var glade.')).toEqual([
      'Kommunen købte 220 robotter.',
      'Det gik godt!',
      '63 % var glade.',
    ]);
  });

  it('should not split after Danish abbreviations when they are followed by a name or a number', () => {
    expect(splitSentences('Flere kommuner, bl.a. Odense, gik videre. Det kostede ca. 200 kr. om året. De første var Sdr. Nissum og Tvis.')).toEqual([
      'Flere kommuner, bl.a. Odense, gik videre.',
      'Det kostede ca. 200 kr. om året.',
      'De første var Sdr. Nissum og Tvis.',
    ]);
  });

  it('should end a sentence at "kr." when a new sentence follows', () => {
    expect(splitSentences('Projektet fik 17,6 mio. kr. Målet var job til ledige.')).toEqual([
      'Projektet fik 17,6 mio. kr.',
      'Målet var job til ledige.',
    ]);
  });

  it('should split English sentences when the question or source is English', () => {
    expect(splitSentences('The team tested it. It worked, e.g. in Aarhus. Did it scale?')).toEqual([
      'The team tested it.',
      'It worked, e.g. in Aarhus.',
      'Did it scale?',
    ]);
  });

  it('should treat each list item as its own sentence without its marker when the text is a Markdown list', () => {
    expect(splitSentences('- Første punkt er her.\n- Andet punkt er her\n1. **Empati:** Interview brugerne.')).toEqual([
      'Første punkt er her.',
      'Andet punkt er her',
      '**Empati:** Interview brugerne.',
    ]);
  });

  it('should join hard-wrapped lines when a PDF paragraph continues on the next line', () => {
    expect(splitSentences('I økonomiaftalen forpligtede kommunerne sig til at indføre\nfire indsatser. Målet\nvar 500 mio. kr.')).toEqual([
      'I økonomiaftalen forpligtede kommunerne sig til at indføre fire indsatser.',
      'Målet var 500 mio. kr.',
    ]);
  });

  it('should return headings unchanged as their own entries when the text has Markdown headings', () => {
    expect(splitSentences('## Resultater\nDet virkede.')).toEqual(['## Resultater', 'Det virkede.']);
  });

  it('should return nothing when the text is empty or blank', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\n ')).toEqual([]);
  });

  it('should keep every sentence a substring of the whitespace-collapsed chunk when splitting real library chunks', () => {
    let sentences = 0;
    for (const fixture of loadAllHitFixtures()) {
      for (const hit of fixture.hits) {
        const text = collapseWhitespace(hit.content);
        for (const sentence of splitSentences(hit.content)) {
          expect(text.includes(sentence), `${hit.documentId}#${hit.ordinal}: ${sentence}`).toBe(true);
          sentences += 1;
        }
      }
    }
    expect(sentences).toBeGreaterThan(1000);
  });
});
