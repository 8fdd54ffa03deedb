import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PreviousTurn } from '../../../../bot/conversation-turn.js';
import type { CaseCard, Citation } from '../../../../bot/messages.js';
import { resolveFollowUp } from '../../../../bot/understanding/index.js';

const NOW = new Date('2025-06-01T12:00:00Z');

function citation(n: number, documentId: string, title: string, organisation: string): Citation {
  return { n, documentId, title, organisation, passage: `Passage ${n}` };
}
function card(documentId: string, title: string, organisation: string, n?: number): CaseCard {
  return { documentId, title, organisation, summary: 'Resumé', citation: n };
}

const FREDERICIA = 'fredericia-laengst-muligt-i-eget-liv';
const KOEBENHAVN = 'koebenhavn-hverdagsrehabilitering-aktiv-og-tryg';
const ODENSE = 'odense-robotstoevsugere-i-hjemmeplejen';

const previous: PreviousTurn = {
  question: 'Hvem har prøvet hverdagsrehabilitering?',
  resolvedQuestion: 'Hvem har prøvet hverdagsrehabilitering?',
  intent: 'case_lookup',
  filters: { organisationTypes: ['kommune'], documentIds: ['old'] },
  language: 'da',
  citations: [
    citation(1, FREDERICIA, 'Fredericia: Længst muligt i eget liv', 'Fredericia Kommune'),
    citation(2, KOEBENHAVN, 'Aktiv og tryg – hverdagsrehabilitering', 'Københavns Kommune'),
    citation(3, ODENSE, 'Robotstøvsugere i hjemmeplejen', 'Odense Kommune'),
  ],
  cases: [
    card(FREDERICIA, 'Fredericia: Længst muligt i eget liv', 'Fredericia Kommune', 1),
    card(KOEBENHAVN, 'Aktiv og tryg – hverdagsrehabilitering', 'Københavns Kommune', 2),
  ],
};
const ALL_SHOWN = [FREDERICIA, KOEBENHAVN, ODENSE];

const evalQuestions = JSON.parse(
  readFileSync(new URL('../../../eval/questions.json', import.meta.url), 'utf8'),
) as Array<{ id: string; question: string }>;

const resolve = (text: string, language: 'da' | 'en' = 'da', turn: PreviousTurn = previous) =>
  resolveFollowUp(text, turn, language, NOW);

describe('resolveFollowUp', () => {
  it('should treat every message as new when there is no previous turn', () => {
    expect(resolveFollowUp('hvad med regionerne?', undefined, 'da', NOW)).toEqual({ kind: 'new' });
    expect(resolveFollowUp('fortæl mere om nummer 2', undefined, 'da', NOW)).toEqual({ kind: 'new' });
  });

  it.each([
    'Hvordan inddrager vi borgerne i redesign af hjemmeplejen?',
    'Hvilke kommuner i Nordjylland har lavet noget med velfærdsteknologi?',
    'Hvilke andre kommuner har prøvet robotstøvsugere?',
    'Hvordan kan den ene kommune lære af den anden?',
    'Fortæl mig mere om design thinking',
    'How do we test an idea cheaply?',
  ])('should treat the full question %j as new even after a previous turn', (text) => {
    expect(resolve(text)).toEqual({ kind: 'new' });
  });

  it('should give the same answer every time when the same follow-ups are resolved repeatedly', () => {
    const messages = [
      'Hvem kan jeg kontakte?',
      'Er der flere?',
      'mere om Fredericia',
      'Kontaktoplysninger',
      'Fortæl mere',
    ];
    const first = messages.map((text) => resolve(text).kind);
    for (let round = 0; round < 3; round += 1) expect(messages.map((text) => resolve(text).kind)).toEqual(first);
    expect(first).toEqual(['contacts', 'more_results', 'more_about', 'contacts', 'more_results']);
  });

  it.each(evalQuestions)('should treat eval question $id as new after a previous turn', ({ question }) => {
    expect(resolve(question)).toEqual({ kind: 'new' });
  });

  describe('refine', () => {
    it.each([
      ['hvad med regionerne?', { organisationTypes: ['region'] }],
      ['Og hvad med kommunerne?', { organisationTypes: ['kommune'] }],
      ['og i Nordjylland?', { organisationTypes: ['kommune'], regions: ['Nordjylland'] }],
      ['kun efter 2015', { organisationTypes: ['kommune'], yearFrom: 2016 }],
      ['Hvad med staten før 2012?', { organisationTypes: ['stat'], yearTo: 2011 }],
      ['Er der flere i Syddanmark?', { organisationTypes: ['kommune'], regions: ['Syddanmark'] }],
      ['de seneste 5 år?', { organisationTypes: ['kommune'], yearFrom: 2020 }],
    ])('should keep the previous question and merge the filters of %j', (text, filters) => {
      expect(resolve(text)).toEqual({ kind: 'refine', question: previous.resolvedQuestion, filters });
    });

    it.each([
      ['what about after 2015?', { organisationTypes: ['kommune'], yearFrom: 2016 }],
      ['And in the regions?', { organisationTypes: ['region'] }],
      ['only in Southern Denmark', { organisationTypes: ['kommune'], regions: ['Syddanmark'] }],
    ])('should refine when an English follow-up says %j', (text, filters) => {
      expect(resolve(text, 'en')).toEqual({ kind: 'refine', question: previous.resolvedQuestion, filters });
    });

    it('should refine when a question with its own scaffolding points back with "det"', () => {
      expect(resolve('Hvem har prøvet det i Nordjylland?')).toEqual({
        kind: 'refine',
        question: previous.resolvedQuestion,
        filters: { organisationTypes: ['kommune'], regions: ['Nordjylland'] },
      });
    });

    it('should treat a complete question whose topic is a filter as new', () => {
      expect(resolve('Hvad har staten lavet på digitaliseringsområdet?')).toEqual({ kind: 'new' });
      expect(resolve('Which regions have worked with telemedicine?', 'en')).toEqual({ kind: 'new' });
    });

    it('should add a short topic to the previous question when "hvad med" names no filter and no source', () => {
      expect(resolve('Hvad med hjemmeplejen?')).toEqual({
        kind: 'refine',
        question: 'Hvem har prøvet hverdagsrehabilitering? hjemmeplejen',
        filters: { organisationTypes: ['kommune'] },
      });
    });
  });

  describe('more_about', () => {
    it.each([
      ['fortæl mere om nummer 2', KOEBENHAVN],
      ['Fortæl mere om nr. 3', ODENSE],
      ['mere om den første', FREDERICIA],
      ['uddyb [3]', ODENSE],
      ["2'eren", KOEBENHAVN],
      ['den anden', KOEBENHAVN],
      ['den sidste', ODENSE],
      ['mere om Fredericia', FREDERICIA],
      ['Kan du uddybe det om robotstøvsugerne?', ODENSE],
      ['Hvad med Odense?', ODENSE],
    ])('should pick the source %j refers to', (text, documentId) => {
      expect(resolve(text)).toMatchObject({ kind: 'more_about', documentId });
    });

    it.each([
      ['tell me more about number 2', KOEBENHAVN],
      ['the second one', KOEBENHAVN],
      ['more about Fredericia', FREDERICIA],
    ])('should pick the source the English %j refers to', (text, documentId) => {
      expect(resolve(text, 'en')).toMatchObject({ kind: 'more_about', documentId });
    });

    it('should phrase the question with the title in the user\'s language when the message is only a reference', () => {
      expect(resolve('fortæl mere om nummer 2')).toEqual({
        kind: 'more_about',
        documentId: KOEBENHAVN,
        question: 'Fortæl mere om Aktiv og tryg – hverdagsrehabilitering',
      });
      expect(resolve('tell me more about number 2', 'en')).toMatchObject({
        question: 'Tell me more about Aktiv og tryg – hverdagsrehabilitering',
      });
    });

    it('should keep the user\'s own question and put the title in place of the number when there is more to it', () => {
      expect(resolve('Hvornår startede nummer 3?')).toEqual({
        kind: 'more_about',
        documentId: ODENSE,
        question: 'Hvornår startede Robotstøvsugere i hjemmeplejen?',
      });
    });

    it('should use case order when the previous answer had case cards but no citations', () => {
      const casesOnly: PreviousTurn = { ...previous, citations: [] };
      expect(resolve('nummer 2', 'da', casesOnly)).toMatchObject({ kind: 'more_about', documentId: KOEBENHAVN });
    });

    it('should prefer the citation numbering over case order when both exist', () => {
      const reordered: PreviousTurn = { ...previous, cases: [...previous.cases].reverse() };
      expect(resolve('nummer 1', 'da', reordered)).toMatchObject({ documentId: FREDERICIA });
    });

    it('should expand the only source when "fortæl mere" follows an answer with one source', () => {
      const single: PreviousTurn = { ...previous, citations: [previous.citations[2]!], cases: [] };
      expect(resolve('Fortæl mere', 'da', single)).toMatchObject({ kind: 'more_about', documentId: ODENSE });
    });

    it('should not resolve a number the previous answer did not show', () => {
      expect(resolve('fortæl mere om nummer 7')).toEqual({ kind: 'new' });
    });
  });

  describe('contacts', () => {
    const contactQuestions = [
      'Hvem kan jeg kontakte?',
      'Hvem kan jeg ringe til?',
      'Kontaktoplysninger?',
      'Who can I contact?',
      'Contact details, please',
    ];
    it.each(contactQuestions)(
      'should return all previous cases when %j asks for contacts',
      (text) => {
        expect(resolve(text)).toEqual({ kind: 'contacts', documentIds: [FREDERICIA, KOEBENHAVN] });
      },
    );

    it('should return the named organisation\'s sources when the user names one', () => {
      expect(resolve('Hvem kan jeg kontakte i Odense?')).toEqual({ kind: 'contacts', documentIds: [ODENSE] });
      expect(resolve('Who can I contact in Fredericia?', 'en')).toEqual({
        kind: 'contacts',
        documentIds: [FREDERICIA],
      });
    });

    it('should return the numbered source when the user gives a number', () => {
      expect(resolve('Hvem er kontaktperson på nummer 2?')).toEqual({ kind: 'contacts', documentIds: [KOEBENHAVN] });
    });

    it('should fall back to all cited documents when the previous answer had no case cards', () => {
      const noCards: PreviousTurn = { ...previous, cases: [] };
      expect(resolve('Hvem kan jeg kontakte?', 'da', noCards)).toEqual({ kind: 'contacts', documentIds: ALL_SHOWN });
    });

    it('should treat a contact question about something not shown as new', () => {
      expect(resolve('Hvem kan jeg kontakte om klimatilpasning i Middelfart?')).toEqual({ kind: 'new' });
    });

    it('should treat a contact question as new when the previous answer showed no sources', () => {
      const empty: PreviousTurn = { ...previous, citations: [], cases: [] };
      expect(resolve('Hvem kan jeg kontakte?', 'da', empty)).toEqual({ kind: 'new' });
    });
  });

  describe('more_results', () => {
    const moreQuestions = [
      'Er der flere?',
      'Andre eksempler?',
      'Tak, er der flere eksempler?',
      'Hvem ellers?',
      'flere',
      'Fortæl mere',
    ];
    it.each(moreQuestions)(
      'should ask for more results without the shown documents when the user writes %j',
      (text) => {
        expect(resolve(text)).toEqual({
          kind: 'more_results',
          question: previous.resolvedQuestion,
          excludeDocumentIds: ALL_SHOWN,
        });
      },
    );

    it.each(['Any others?', 'Who else?', 'More examples please', 'Tell me more'])(
      'should ask for more results when the English follow-up is %j',
      (text) => {
        expect(resolve(text, 'en')).toMatchObject({ kind: 'more_results', excludeDocumentIds: ALL_SHOWN });
      },
    );
  });
});
