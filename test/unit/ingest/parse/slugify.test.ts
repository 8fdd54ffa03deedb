import { describe, expect, it } from 'vitest';
import { defaultIdForPath, fileStem } from '../../../../ingest/parse/file-stem.js';
import { foldForMatch } from '../../../../ingest/parse/fold-for-match.js';
import { slugify } from '../../../../ingest/parse/slugify.js';

describe('slugify', () => {
  it('should transliterate æ, ø and å when slugifying Danish text', () => {
    expect(slugify('Æble på Ærø – Sønderborg')).toBe('aeble-paa-aeroe-soenderborg');
  });

  it('should collapse other characters to single dashes when the text has punctuation and spaces', () => {
    expect(slugify('  Hello,  World!! (2021) ')).toBe('hello-world-2021');
  });

  it('should drop accents when letters carry them', () => {
    expect(slugify('Idé café')).toBe('ide-cafe');
  });

  it('should treat decomposed (NFD) å like composed å when a file name comes from macOS', () => {
    expect(slugify('a\u030Abo')).toBe(slugify('åbo'));
  });

  it('should return an empty string when nothing usable is left', () => {
    expect(slugify('—!?')).toBe('');
  });
});

describe('foldForMatch', () => {
  it('should make Danish spellings and ASCII stand-ins equal when comparing enum values', () => {
    expect(foldForMatch('SJÆLLAND')).toBe(foldForMatch('sjaelland'));
    expect(foldForMatch(' Idé ')).toBe(foldForMatch('ide'));
  });
});

describe('defaultIdForPath', () => {
  it('should slugify the file stem when given a nested path', () => {
    expect(defaultIdForPath('cases/Borgerinddragelse på Ærø.md')).toBe('borgerinddragelse-paa-aeroe');
    expect(fileStem('a\\b\\Rapport 2020.pdf')).toBe('Rapport 2020');
  });

  it('should fall back to "document" when the stem has no usable characters', () => {
    expect(defaultIdForPath('!!!.md')).toBe('document');
  });
});
