import { describe, expect, it } from 'vitest';
import { REPLY_TEXTS, replyTexts, type ReplyTexts } from '../../../../bot/answer/index.js';

/** Every text each language produces, called with representative arguments. */
function allTexts(texts: ReplyTexts): string[] {
  return [
    texts.greeting(),
    texts.lowConfidence(true),
    texts.lowConfidence(false),
    texts.offerAdviser(),
    texts.outOfScope(),
    texts.tooLong(2000),
    texts.emptyMessage(),
    texts.personalDataRemoved(),
    texts.rateLimited(30),
    texts.modelFallback(),
    texts.databaseDown(),
    texts.unexpectedError(),
    texts.feedbackThanks('up'),
    texts.feedbackThanks('down'),
    texts.adviserRequested(),
    texts.adviserAlreadyRequested(),
    texts.adviserJoined('Mette'),
    texts.adviserJoined(),
    texts.contactsIntro(),
    texts.noContacts(),
    texts.contactNotListed(),
    ...Object.values(texts.framing).filter(Boolean),
  ];
}

describe('reply texts', () => {
  it('should provide the same set of texts in Danish and English when either language is asked for', () => {
    expect(Object.keys(REPLY_TEXTS.da).sort()).toEqual(Object.keys(REPLY_TEXTS.en).sort());
    expect(Object.keys(REPLY_TEXTS.da.framing).sort()).toEqual(Object.keys(REPLY_TEXTS.en.framing).sort());
    expect(replyTexts('da')).toBe(REPLY_TEXTS.da);
    expect(replyTexts('en')).toBe(REPLY_TEXTS.en);
  });

  it('should never contain citation markers or empty strings when shown as fixed text', () => {
    for (const language of ['da', 'en'] as const) {
      for (const text of allTexts(REPLY_TEXTS[language])) {
        expect(text.trim(), language).not.toBe('');
        expect(text, language).not.toMatch(/\[\d+\]/u);
      }
    }
  });

  it('should differ between Danish and English when the same text is asked for', () => {
    const danish = allTexts(REPLY_TEXTS.da);
    const english = allTexts(REPLY_TEXTS.en);
    danish.forEach((text, index) => expect(text).not.toBe(english[index]));
  });

  it('should introduce the assistant and offer an adviser when greeting', () => {
    expect(REPLY_TEXTS.da.greeting()).toMatch(/^Hej! Jeg er Kraftcentrets assistent/u);
    expect(REPLY_TEXTS.da.greeting()).toContain('sætte dig i kontakt med en rådgiver');
    expect(REPLY_TEXTS.en.greeting()).toMatch(/^Hi! I'm the Kraftcenter's assistant/u);
    expect(REPLY_TEXTS.en.greeting()).toContain('put you in touch with an adviser');
  });

  it('should end with a colon only when closest sources follow a low-confidence lead', () => {
    for (const texts of Object.values(REPLY_TEXTS)) {
      expect(texts.lowConfidence(true).endsWith(':')).toBe(true);
      expect(texts.lowConfidence(false).endsWith(':')).toBe(false);
    }
    expect(REPLY_TEXTS.da.lowConfidence(true)).toBe(
      'Det dækker biblioteket desværre ikke godt nok til, at jeg kan give et sikkert svar. Her er det nærmeste, jeg fandt:',
    );
  });

  it('should format numbers for the language when stating limits and waiting times', () => {
    expect(REPLY_TEXTS.da.tooLong(2000)).toContain('2.000 tegn');
    expect(REPLY_TEXTS.en.tooLong(2000)).toContain('2,000 characters');
    expect(REPLY_TEXTS.da.rateLimited(1)).toContain('1 sekund.');
    expect(REPLY_TEXTS.da.rateLimited(30)).toContain('30 sekunder.');
    expect(REPLY_TEXTS.en.rateLimited(1)).toContain('1 second.');
    expect(REPLY_TEXTS.en.rateLimited(30)).toContain('30 seconds.');
  });

  it('should use the agreed wording when the model falls back to the sources', () => {
    expect(REPLY_TEXTS.da.modelFallback()).toBe('Sprogmodellen svarede ikke, så her er et svar sammensat direkte fra kilderne.');
  });

  it('should name the adviser when one has joined and stay generic when the name is unknown', () => {
    expect(REPLY_TEXTS.da.adviserJoined('Mette')).toContain('Mette');
    expect(REPLY_TEXTS.en.adviserJoined()).not.toContain('undefined');
  });
});
