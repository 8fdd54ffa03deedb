import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Intent } from '../../../../bot/messages.js';
import { detectIntent } from '../../../../bot/understanding/index.js';
import { detectLanguage } from '../../../../knowledge/index.js';

const intentOf = (text: string): Intent => detectIntent(text, detectLanguage(text)).intent;

interface EvalQuestion {
  id: string;
  kind: 'who' | 'method' | 'filter';
  question: string;
}
const evalQuestions = JSON.parse(
  readFileSync(new URL('../../../eval/questions.json', import.meta.url), 'utf8'),
) as EvalQuestion[];

describe('detectIntent', () => {
  describe('human', () => {
    it.each([
      'Kan jeg tale med en rådgiver?',
      'Jeg vil gerne tale med et menneske',
      'Ring til mig',
      'Kan I ringe mig op i morgen?',
      'Kontakt en medarbejder',
      'Jeg vil gerne have en rådgiver',
      'Rådgiver, tak',
      'Kan jeg snakke med en af jeres konsulenter?',
      'I want to talk to a human',
      'Can I speak to an adviser?',
      'Can I talk to someone?',
      'Please call me back',
      'Jeg har brug for rådgivning',
      'I need a consultant',
      'Forbind mig med en rådgiver',
      'Kan du stille mig om til en medarbejder?',
      'Viderestil mig til et menneske, tak',
      'Sæt mig i forbindelse med en rådgiver',
    ])('should detect a request for a person when the user writes %j', (text) => {
      const result = detectIntent(text, detectLanguage(text));
      expect(result.intent).toBe('human');
      expect(result.confidence).toBeGreaterThanOrEqual(0.85);
    });

    it.each([
      ['Hvem kan jeg kontakte i Fredericia?', 'case_lookup'],
      ['Hvordan rådgiver man kommuner om innovation?', 'method'],
      ['Hvordan taler vi med medarbejderne om forandringer?', 'method'],
      ['Hvordan taler vi med en person med demens?', 'method'],
      ['How do we talk to someone with dementia?', 'method'],
      ['Hvordan kan vi få en konsulent til at evaluere projektet?', 'method'],
      ['Hvordan forbinder vi medarbejdere med borgerne i projektet?', 'method'],
    ])('should not ask for a person when the user writes %j', (text, expected) => {
      expect(intentOf(text)).toBe(expected);
    });
  });

  describe('greeting', () => {
    const greetings = [
      'Hej',
      'Goddag!',
      'Hej med dig',
      'Hvad kan du?',
      'Hej, hvad kan du hjælpe med?',
      'Hjælp',
      'hello',
      'Hi there, what can you do?',
      'help',
    ];
    it.each(greetings)(
      'should detect a greeting when the message is only %j',
      (text) => {
        expect(intentOf(text)).toBe('greeting');
      },
    );

    it.each([
      ['Hej, hvordan inddrager vi borgerne?', 'method'],
      ['Hej! Hvem har prøvet robotstøvsugere?', 'case_lookup'],
      ['Jeg har brug for hjælp til borgerinddragelse', 'method'],
      ['Hello, which municipalities use video visits?', 'case_lookup'],
    ])('should answer the question when a greeting comes with one: %j', (text, expected) => {
      expect(intentOf(text)).toBe(expected);
    });
  });

  describe('feedback', () => {
    const comments = [
      'Tak',
      'Mange tak for hjælpen!',
      'Godt svar',
      'Det var ikke det jeg spurgte om',
      'Forkert',
      'Forkert, det var Odense',
      'Thanks!',
      'Wrong answer',
      "That's not what I asked",
      'Very helpful, thank you',
    ];
    it.each(comments)(
      'should detect feedback when the message comments on the answer: %j',
      (text) => {
        expect(intentOf(text)).toBe('feedback');
      },
    );

    it.each([
      ['Tak! Hvem har så prøvet robotstøvsugere?', 'case_lookup'],
      ['Hvad gør vi forkert, når borgerne ikke kommer til møderne?', 'method'],
      ['Hvordan får vi et godt samarbejde med de frivillige?', 'method'],
      ['Super, men hvad med regionerne?', 'case_lookup'],
      ['Thanks, how do we start a co-creation project?', 'method'],
    ])('should not treat %j as feedback when it asks something new', (text, expected) => {
      expect(intentOf(text)).toBe(expected);
    });
  });

  describe('out_of_scope', () => {
    it.each([
      'Hvad bliver vejret i morgen?',
      'Hvem vandt kampen i går?',
      'Har du en god opskrift på kage?',
      'Fortæl en vittighed',
      'Hvordan får jeg fradrag for min bil?',
      'Who won the match?',
      'Tell me a joke',
      "What's the weather like tomorrow?",
      'Can you give me a recipe for dinner?',
    ])('should decline %j when it is unrelated to public-sector innovation', (text) => {
      expect(intentOf(text)).toBe('out_of_scope');
    });

    it.each([
      ['Hvordan har kommuner arbejdet med klimatilpasning og skybrud, når vejret bliver mere ekstremt?', 'method'],
      ['Hvem har lavet en opskrift på god borgerinddragelse?', 'case_lookup'],
      ['Hvem har brugt fodbold til at få udsatte unge i job?', 'case_lookup'],
      ['How do municipalities prepare for extreme weather?', 'method'],
    ])('should keep %j in scope when it has domain vocabulary', (text, expected) => {
      expect(intentOf(text)).toBe(expected);
    });
  });

  describe('method and case_lookup', () => {
    it.each([
      ['Hvordan inddrager vi borgerne tidligt?', 'method'],
      ['Hvilken metode kan vi bruge til at teste en idé?', 'method'],
      ['Gode råd til at komme i gang med samskabelse?', 'method'],
      ['Hvad virker, når man vil spredes gode løsninger?', 'method'],
      ['How can we test an idea cheaply?', 'method'],
      ['Which method works for mapping user journeys?', 'method'],
      ['Hvem har prøvet hverdagsrehabilitering?', 'case_lookup'],
      ['Hvilke regioner har arbejdet med telemedicin?', 'case_lookup'],
      ['Kender I nogen der har brugt robotter i plejen?', 'case_lookup'],
      ['Eksempler på samskabelse med foreninger', 'case_lookup'],
      ['Har nogen prøvet tillidsreform?', 'case_lookup'],
      ['Who has tried home rehabilitation?', 'case_lookup'],
      ['Which municipalities use robot vacuum cleaners?', 'case_lookup'],
      ['Examples of co-creation with citizens', 'case_lookup'],
      ['Har I noget om tillidsreform?', 'case_lookup'],
      ['Hvad siger forskningen om samskabelse?', 'method'],
      ['Hvem kan jeg tale med om hverdagsrehabilitering?', 'case_lookup'],
    ])('should classify %j as %s', (text, expected) => {
      expect(intentOf(text)).toBe(expected);
    });

    it('should let the first cue decide when a message has both a method and a case cue', () => {
      expect(intentOf('Hvem har erfaring med, hvordan man inddrager ældre?')).toBe('case_lookup');
      expect(intentOf('Hvordan har andre kommuner gjort, og hvem har prøvet det?')).toBe('method');
    });

    it('should fall back to case_lookup when there is no cue but an organisation type or "erfaring"', () => {
      const result = detectIntent('Erfaringer med velfærdsteknologi i kommunerne', 'da');
      expect(result).toMatchObject({ intent: 'case_lookup', confidence: 0.5 });
    });

    it('should fall back to method with low confidence when nothing decides', () => {
      expect(detectIntent('Velfærdsteknologi', 'da')).toMatchObject({ intent: 'method', confidence: 0.4 });
    });

    it('should be more confident when the cue opens the message than when it comes later', () => {
      const leading = detectIntent('Hvordan tester vi en idé?', 'da').confidence;
      const later = detectIntent('Vi er en lille kommune, hvordan tester vi en idé?', 'da').confidence;
      expect(leading).toBeGreaterThan(later);
    });
  });

  it('should say why in the reason when a cue decided', () => {
    expect(detectIntent('Hvem har prøvet det?', 'da').reason).toContain('hvem har');
  });

  it('should give the same answer every time when the same messages are classified repeatedly', () => {
    const messages = ['Tak', 'Hej', 'Tak, det hjalp', 'Hjælp', 'Forkert svar', 'Hello'];
    const first = messages.map(intentOf);
    for (let round = 0; round < 3; round += 1) expect(messages.map(intentOf)).toEqual(first);
    expect(first).toEqual(['feedback', 'greeting', 'feedback', 'greeting', 'feedback', 'greeting']);
  });

  it('should treat an empty message as a low-confidence greeting', () => {
    expect(detectIntent('  ', 'da')).toMatchObject({ intent: 'greeting', confidence: 0.3 });
  });

  describe('on the eval questions', () => {
    it.each(evalQuestions.filter((question) => question.kind === 'who'))(
      'should classify who-question $id as case_lookup',
      ({ question }) => {
        expect(intentOf(question)).toBe('case_lookup');
      },
    );

    it.each(evalQuestions.filter((question) => question.kind === 'method'))(
      'should classify method question $id as method',
      ({ question }) => {
        expect(intentOf(question)).toBe('method');
      },
    );

    it('should classify filter questions as case lookups except the one asking for methods', () => {
      const intents = evalQuestions
        .filter((question) => question.kind === 'filter')
        .map((question) => [question.id, intentOf(question.question)]);
      const methods = intents.filter(([, intent]) => intent !== 'case_lookup');
      expect(methods).toEqual([['q61', 'method']]);
    });
  });
});
