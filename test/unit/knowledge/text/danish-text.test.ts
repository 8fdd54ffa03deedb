import { describe, expect, it } from 'vitest';
import {
  analyzeText,
  DANISH_STOP_WORDS,
  ENGLISH_STOP_WORDS,
  isStopWord,
  normalizeText,
  stem,
  tokenize,
} from '../../../../knowledge/text/danish-text.js';

describe('normalizeText', () => {
  it('should lower-case, keep æøå and replace punctuation by single spaces when given mixed text', () => {
    expect(normalizeText('  Hvem har PRØVET «hverdags-rehabilitering» i Århus?!  ')).toBe(
      'hvem har prøvet hverdags rehabilitering i århus',
    );
  });

  it('should compose decomposed letters (NFC) when the input is NFD', () => {
    expect(normalizeText('A\u030Arhus')).toBe('århus');
  });

  it('should fold accents other than æøå when given loan words and names', () => {
    expect(normalizeText('Idé, café, Müller, Köge')).toBe('ide cafe muller køge');
  });

  it('should return an empty string when given only punctuation', () => {
    expect(normalizeText(' …?! -- ')).toBe('');
  });
});

describe('tokenize', () => {
  it('should split into words and keep numbers when given a sentence', () => {
    expect(tokenize('MitID-løsningen, 2024: 3 kommuner.')).toEqual(['mitid', 'løsningen', '2024', '3', 'kommuner']);
  });

  it('should return no tokens when given empty text', () => {
    expect(tokenize('')).toEqual([]);
  });
});

describe('stop words', () => {
  it('should contain function words and question words when looked up', () => {
    for (const word of ['og', 'i', 'at', 'det', 'hvem', 'hvilke', 'hvordan', 'har', 'kan', 'vi', 'nogen', 'på']) {
      expect(isStopWord(word), word).toBe(true);
    }
  });

  it('should not contain domain words when looked up', () => {
    for (const word of ['kommune', 'kommuner', 'prøvet', 'arbejdet', 'borger', 'projekt', 'velfærdsteknologi']) {
      expect(isStopWord(word), word).toBe(false);
    }
  });

  it('should have a full-size list for each language when counted', () => {
    expect(DANISH_STOP_WORDS.size).toBeGreaterThanOrEqual(100);
    expect(DANISH_STOP_WORDS.size).toBeLessThanOrEqual(300);
    expect(ENGLISH_STOP_WORDS.size).toBeGreaterThanOrEqual(100);
  });

  it('should use the English list when the language is en', () => {
    expect(isStopWord('who', 'en')).toBe(true);
    expect(isStopWord('who', 'da')).toBe(false);
  });

  it('should not treat Danish content words as English stop words when they collide', () => {
    for (const word of ['by', 'fire', 'far']) expect(isStopWord(word, 'en'), word).toBe(false);
  });
});

describe('stem', () => {
  it('should give inflected forms of a Danish noun the same stem when stemming', () => {
    expect(stem('kommunerne')).toBe(stem('kommune'));
    expect(stem('kommuner')).toBe(stem('kommune'));
    expect(stem('borgere')).toBe(stem('borgerne'));
  });

  it('should use the English stemmer when the language is en', () => {
    expect(stem('rehabilitation', 'en')).toBe('rehabilit');
  });
});

describe('analyzeText', () => {
  it('should return the stems of the content words when given a Danish question', () => {
    expect(analyzeText('Hvem har prøvet hverdagsrehabilitering i kommunerne?')).toEqual([
      stem('prøvet'),
      'hverdagsrehabilitering',
      'kommun',
    ]);
  });
});
