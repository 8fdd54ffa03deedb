import { describe, expect, it } from 'vitest';
import { contentWords, stripQuestionCues } from '../../../../knowledge/text/question-cue-words.js';

describe('question cue words', () => {
  it.each([
    ['Er der nogen der har lavet borgerbudgetter?', 'borgerbudgetter'],
    ['hvem har lavet borgerbudgetter', 'borgerbudgetter'],
    ['Har nogen prøvet tillidsbaseret ledelse?', 'tillidsbaseret ledelse'],
    ['Kender I nogen der har arbejdet med hverdagsrehabilitering?', 'hverdagsrehabilitering'],
    ['Vi overvejer at lave en borgerdialog. Hvem kan vi tale med?', 'borgerdialog'],
    ['Who has done participatory budgeting?', 'participatory budgeting'],
  ])('keeps only the topic of "%s"', (question, topic) => {
    expect(stripQuestionCues(question)).toBe(topic);
  });

  it('drops the words the filters take care of (places, organisation types, periods)', () => {
    expect(contentWords('beskæftigelse efter 2020')).toEqual(['beskæftigelse']);
    expect(contentWords('cases fra Region Midtjylland efter 2015')).toEqual([]);
    expect(contentWords('Hvad har de midtjyske kommuner gjort med skybrud de sidste fem år?')).toEqual(['skybrud']);
  });

  it('folds accents other than æøå and lower-cases', () => {
    expect(contentWords('Hvem har lavet en Idéklinik?')).toEqual(['ideklinik']);
    expect(contentWords('Ældre på Café Æblegården')).toEqual(['ældre', 'cafe', 'æblegården']);
  });

  it('keeps the words of a filter the search does not apply, and drops those of one it applies', () => {
    expect(stripQuestionCues('Hvem har lavet skybrudsplaner i Midtjylland efter 2015?', {})).toBe('skybrudsplaner midtjylland 2015');
    expect(stripQuestionCues('Hvem har lavet skybrudsplaner i Midtjylland efter 2015?', { regions: true, years: true })).toBe(
      'skybrudsplaner',
    );
  });

  it('drops the words naming a filtered policy area, so a question of filters only has no topic left', () => {
    expect(stripQuestionCues('Har I skoleprojekter fra 2020 og frem?', { years: true, policyArea: 'børn og skole' })).toBe('');
    expect(stripQuestionCues('Hvad har staten lavet på digitaliseringsområdet?', { organisationTypes: true, policyArea: 'digitalisering' })).toBe('');
    expect(stripQuestionCues('Hvad har staten lavet på digitaliseringsområdet?', { organisationTypes: true })).toBe('digitaliseringsområdet');
  });
});
