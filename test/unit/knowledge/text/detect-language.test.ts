import { describe, expect, it } from 'vitest';
import { detectLanguage, detectLanguageOfTokens } from '../../../../knowledge/text/detect-language.js';

describe('detectLanguage', () => {
  it.each([
    ['Who has tried home rehabilitation?', 'en'],
    ['what can you do?', 'en'],
    ['hello', 'en'],
    ['thanks', 'en'],
    ['Is there any experience with velfærdsteknologi?', 'en'],
    ['Can I get help with digital post?', 'en'],
    ['Hvem har prøvet hverdagsrehabilitering?', 'da'],
    ['hej', 'da'],
    ['Tak!', 'da'],
    ['Hvad kan du?', 'da'],
    ['Kan I hjælpe med digital post?', 'da'],
    ['Hvilke kommuner har arbejdet med tillidsreform?', 'da'],
    ['IT-systemer i kommunerne', 'da'],
    ['to kommuner', 'da'],
    ['ok', 'da'],
  ] as const)('should say %j is %s when detecting', (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });

  it('should default to Danish when the text is empty or has no signal', () => {
    expect(detectLanguage('')).toBe('da');
    expect(detectLanguage('rehabilitation')).toBe('da');
    expect(detectLanguage('?!')).toBe('da');
  });

  it('should agree with detectLanguage when given tokens', () => {
    expect(detectLanguageOfTokens(['who', 'are', 'you'])).toBe('en');
  });
});
