import { describe, expect, it } from 'vitest';
import { isProfileChunk, isQuotableSentence, sectionContext } from '../../../../bot/answer/index.js';
import { loadHitFixture } from '../../../fixtures/hits/hit-fixtures.js';

describe('isQuotableSentence', () => {
  it('should accept a complete statement when it starts with a capital and ends with a full stop', () => {
    expect(isQuotableSentence('I 2008 begyndte kommunen at lægge ældreplejen om.')).toBe(true);
    expect(isQuotableSentence('**Empati:** Interview og observér brugerne i deres egen sammenhæng.')).toBe(true);
    expect(isQuotableSentence('Når målene er meningsfulde for borgeren, er motivationen for at træne større.')).toBe(true);
  });

  it('should reject metadata profile lines when they restate the front matter', () => {
    expect(isQuotableSentence('Hvem: Fredericia Kommune, kommune, Region Syddanmark.')).toBe(false);
    expect(isQuotableSentence('Metoder: hverdagsrehabilitering, tværfagligt samarbejde, målsætning.')).toBe(false);
  });

  it('should reject fragments when they cannot stand on their own', () => {
    expect(isQuotableSentence('hvilken type innovation det var, og hvem der deltog.')).toBe(false);
    expect(isQuotableSentence('Spørgsmålene handler om følgende ting:')).toBe(false);
    expect(isQuotableSentence('Når problemet er uklart, og tværfaglige teams skal samarbejde kreativt.')).toBe(false);
    expect(isQuotableSentence('**Afklar løsningen og dens værdi.**')).toBe(false);
    expect(isQuotableSentence('**Dokk1**, som blev kåret som verdens bedste bibliotek.')).toBe(false);
    expect(isQuotableSentence('Den beskrives typisk i fem faser: empati, prototype og test. a.')).toBe(false);
    expect(isQuotableSentence('Det virkede godt.')).toBe(false);
  });

  it('should reject questions, cross-references and links when they assert nothing', () => {
    expect(isQuotableSentence('Har vi dokumentation for, at løsningen virker der, hvor den kommer fra?')).toBe(false);
    expect(isQuotableSentence('Se også metoderne "Design thinking" og "Double Diamond".')).toBe(false);
    expect(isQuotableSentence('Læs mere om projektet på https://example.dk/projekt her.')).toBe(false);
  });

  it('should accept list fragments when their section heading carries the meaning', () => {
    expect(isQuotableSentence('At springe empatifasen over og lade antagelser styre.', { fragmentsOk: true })).toBe(true);
    expect(isQuotableSentence('At springe empatifasen over og lade antagelser styre.')).toBe(false);
  });
});

describe('sectionContext', () => {
  it('should label pitfalls with their method in the answer language when the heading is "Faldgruber"', () => {
    const title = 'Design thinking – brugercentreret udvikling af offentlige services';
    expect(sectionContext(['Faldgruber'], 'da', title)).toMatchObject({
      label: 'Faldgrube (Design thinking)',
      fragmentsOk: true,
      skip: false,
    });
    expect(sectionContext(['Faldgruber'], 'en', title)).toMatchObject({ label: 'Pitfall (Design thinking)' });
    expect(sectionContext(['Hvornår bruger man den'], 'da', title).label).toBe('Hvornår (Design thinking)');
    expect(sectionContext(['Faldgruber'], 'da').label).toBe('Faldgrube');
  });

  it('should skip pointer sections and prefer what-was-done sections when reading the library template', () => {
    expect(sectionContext(['Eksempler'], 'da').skip).toBe(true);
    expect(sectionContext(['Kilder'], 'da').skip).toBe(true);
    expect(sectionContext(['Hvad gjorde de'], 'da').bonus).toBeGreaterThan(sectionContext(['Baggrund'], 'da').bonus);
    expect(sectionContext([], 'da')).toEqual({ skip: false, fragmentsOk: false, bonus: 0 });
  });
});

describe('isProfileChunk', () => {
  it('should recognise the metadata profile chunk when it is the first chunk of a document', () => {
    const hits = loadHitFixture('q01').hits;
    const profile = hits.find((hit) => hit.ordinal === 0 && hit.content.startsWith('Case: '));
    const body = hits.find((hit) => hit.ordinal > 0);
    expect(profile && isProfileChunk(profile)).toBe(true);
    expect(body && isProfileChunk(body)).toBe(false);
  });
});
