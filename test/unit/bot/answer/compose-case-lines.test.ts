import { describe, expect, it } from 'vitest';
import { caseLines, isQuotableSentence } from '../../../../bot/answer/index.js';

describe('caseLines', () => {
  it('should give one line per case with organisation (year, status) and its contact, without meta text', () => {
    const { lines, used } = caseLines(
      [
        { documentId: 'a', title: 'A', organisation: 'Fredericia Kommune', year: 2008, status: 'skaleret', citation: 1,
          contact: { role: 'Projektleder', email: 'x@fredericia.example.dk' },
          summary: 'Denne note er til Kraftcentrets egne rådgivere. I 2008 begyndte kommunen at lægge ældreplejen om med hverdagsrehabilitering.' },
        { documentId: 'b', title: 'B', organisation: 'Københavns Kommune', year: 2012, status: 'skaleret', citation: 2,
          summary: 'Forvaltningen gennemførte først to pilotprojekter med hverdagsrehabilitering i hjemmeplejen.' },
      ],
      'da',
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('- **Fredericia Kommune** (2008, skaleret): I 2008 begyndte kommunen');
    expect(lines[0]).toContain('  Kontakt: Projektleder, x@fredericia.example.dk');
    expect(lines.join('\n')).not.toContain('Denne note');
    expect(used).toEqual([1, 2]);
  });
});

describe('isQuotableSentence', () => {
  it.each([
    'Denne guide er til ledere, der vil sætte innovation på dagsordenen.',
    'Se casene om TeleCare Nord og Odense for flere detaljer.',
    'Lav desk research først.',
  ])('should never quote meta text or a fragment: %s', (sentence) => {
    expect(isQuotableSentence(sentence)).toBe(false);
  });
});
