import { describe, expect, it } from 'vitest';
import {
  REPLY_TEXTS,
  buildCaseCards,
  buildCitations,
  composeExtractiveAnswer,
  type ExtractiveAnswerInput,
} from '../../../../bot/answer/index.js';
import type { SearchHit } from '../../../../knowledge/index.js';
import {
  fixtureIntent,
  fixtureLanguage,
  loadAllHitFixtures,
  loadHitFixture,
  type HitFixture,
} from '../../../fixtures/hits/hit-fixtures.js';
import { normaliseSpace, parseAnswer } from './answer-markdown.js';

function inputFor(fixture: HitFixture, overrides: Partial<ExtractiveAnswerInput> = {}): ExtractiveAnswerInput {
  const { citations, byDocument } = buildCitations(fixture.hits);
  const cases = buildCaseCards(fixture.hits, byDocument);
  return {
    question: fixture.question,
    language: fixtureLanguage(fixture),
    intent: fixtureIntent(fixture),
    hits: fixture.hits,
    citations,
    byDocument,
    cases,
    ...overrides,
  };
}

const fixtures = loadAllHitFixtures().filter((fixture) => fixture.kind !== 'off');
const answered = fixtures.map((fixture) => {
  const input = inputFor(fixture);
  const answer = composeExtractiveAnswer(input);
  return { fixture, input, answer, parsed: parseAnswer(answer.text) };
});

/** Every framing line the composer may write, in both languages, with and without the "sources are Danish" note. */
const allowedFraming = new Set(
  Object.values(REPLY_TEXTS).flatMap((texts) => {
    const { sourcesInDanish, ...lines } = texts.framing;
    return Object.values(lines).flatMap((line) => [line, sourcesInDanish ? `${line.slice(0, -1)} ${sourcesInDanish}:` : line]);
  }),
);

/** The text of a cited document an answer may quote: its retrieved chunks and its own summary (case lines). */
function chunksOf(hits: SearchHit[], documentId: string): string[] {
  const own = hits.filter((hit) => hit.documentId === documentId);
  return [...own.map((hit) => normaliseSpace(hit.content)), ...own.slice(0, 1).map((hit) => normaliseSpace(hit.document.summary))];
}

describe('composeExtractiveAnswer on recorded hit lists', () => {
  it('should end every quoted sentence with the number of an existing citation when answering any in-domain question', () => {
    for (const { fixture, input, parsed } of answered) {
      const numbers = new Set(input.citations.map((citation) => citation.n));
      expect(parsed.bullets.length, fixture.id).toBeGreaterThan(0);
      for (const bullet of parsed.bullets) {
        expect(bullet.rest, `${fixture.id}: text after the last citation`).toBe('');
        expect(bullet.quotes.length, fixture.id).toBeGreaterThan(0);
        for (const quote of bullet.quotes) expect(numbers.has(quote.citation), `${fixture.id} [${quote.citation}]`).toBe(true);
      }
    }
  });

  it('should quote only sentences that appear verbatim in a chunk of the cited document when composing', () => {
    for (const { fixture, input, parsed } of answered) {
      const documentOf = new Map(input.citations.map((citation) => [citation.n, citation.documentId]));
      for (const quote of parsed.bullets.flatMap((bullet) => bullet.quotes)) {
        const chunks = chunksOf(fixture.hits, documentOf.get(quote.citation)!);
        const found = chunks.some((chunk) => chunk.includes(normaliseSpace(quote.text)));
        expect(found, `${fixture.id}: "${quote.text}" not in document [${quote.citation}]`).toBe(true);
      }
    }
  });

  it('should write no text outside the quotes except the fixed framing lines when composing', () => {
    for (const { fixture, parsed } of answered) {
      for (const line of parsed.framing) expect(allowedFraming.has(line), `${fixture.id}: "${line}"`).toBe(true);
    }
  });

  // Case lookups give one line per case instead (see "for case lookups" below).
  it('should use between three and six sentences when the sources hold enough quotable text for a method question', () => {
    const counts = answered.filter(({ input }) => input.intent === 'method').map(({ parsed }) => parsed.bullets.reduce((sum, bullet) => sum + bullet.quotes.length, 0));
    expect(Math.max(...counts)).toBeLessThanOrEqual(6);
    expect(counts.filter((count) => count >= 3).length / counts.length).toBeGreaterThanOrEqual(0.95);
  });

  it('should report exactly the citation numbers that appear in the text when composing', () => {
    for (const { fixture, answer } of answered) {
      const inText = [...answer.text.matchAll(/\[(\d+)\]/gu)].map((match) => Number(match[1]));
      expect(answer.usedCitations, fixture.id).toEqual([...new Set(inText)].sort((a, b) => a - b));
    }
  });

  it('should never quote the same sentence twice when composing', () => {
    for (const { fixture, parsed } of answered) {
      const quotes = parsed.bullets.flatMap((bullet) => bullet.quotes.map((quote) => quote.text));
      expect(new Set(quotes).size, fixture.id).toBe(quotes.length);
    }
  });

  it('should never quote metadata lines, headings or dangling fragments when composing', () => {
    for (const { fixture, parsed } of answered) {
      for (const quote of parsed.bullets.flatMap((bullet) => bullet.quotes)) {
        expect(quote.text, fixture.id).not.toMatch(/^(?:Case|Metode|Hvem|Hvornår|Område|Metoder|Emner|Status):\s/u);
        expect(quote.text, fixture.id).not.toMatch(/^#/u);
        expect(quote.text, fixture.id).toMatch(/[.!]["'»”)]*$/u);
        expect(quote.text, fixture.id).toMatch(/^[\p{Lu}\p{N}"*«]/u);
      }
    }
  });
});

describe('composeExtractiveAnswer for case lookups', () => {
  const lookups = answered.filter(({ input }) => input.intent === 'case_lookup');

  it('should name each organisation and year only as given by a cited case document in the same bullet', () => {
    let checked = 0;
    for (const { fixture, input, parsed } of lookups) {
      const documentOf = new Map(input.citations.map((citation) => [citation.n, citation.documentId]));
      for (const bullet of parsed.bullets.filter((b) => b.organisation !== undefined)) {
        const documents = bullet.quotes.map(
          (quote) => fixture.hits.find((hit) => hit.documentId === documentOf.get(quote.citation))!.document,
        );
        expect(documents.every((document) => document.type === 'case'), fixture.id).toBe(true);
        expect(documents.every((document) => document.organisation === bullet.organisation), fixture.id).toBe(true);
        const metadataYears = new Set(documents.flatMap((document) => [document.year, document.endYear]).filter(Boolean));
        for (const year of bullet.years?.match(/\d{4}/gu) ?? []) {
          expect(metadataYears.has(Number(year)), `${fixture.id}: ${year} not in the cited metadata`).toBe(true);
        }
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('should open with the case framing and give one bullet per organisation when cases were found', () => {
    const { answer, input } = answered.find(({ fixture }) => fixture.id === 'q01')!;
    const parsed = parseAnswer(answer.text);
    expect(parsed.framing[0]).toBe(REPLY_TEXTS.da.framing.caseLookupIntro);
    const organisations = parsed.bullets.map((bullet) => bullet.organisation).filter(Boolean);
    expect(new Set(organisations).size).toBe(organisations.length);
    expect(organisations[0]).toBe('Fredericia Kommune');
    expect(answer.text).toMatch(/\*\*Fredericia Kommune\*\* \(2008(?:, skaleret)?\): /u);
    expect(input.cases.some((card) => card.organisation === 'Fredericia Kommune')).toBe(true);
  });

  it('should fall back to method sentences under their own framing when no case was cited', () => {
    const fixture = loadHitFixture('q41');
    const input = inputFor(fixture, { intent: 'case_lookup', cases: [] });
    const parsed = parseAnswer(composeExtractiveAnswer(input).text);
    expect(parsed.framing[0]).toBe(REPLY_TEXTS.da.framing.noCasesIntro);
    expect(parsed.bullets.every((bullet) => bullet.organisation === undefined)).toBe(true);
  });
});

describe('composeExtractiveAnswer for method questions', () => {
  it('should put method or research sentences first and cases under "Eksempler:" when both were found', () => {
    const { fixture, input, parsed } = answered.find(({ fixture: f }) => f.id === 'q38')!;
    const typeOf = (n: number) =>
      fixture.hits.find((hit) => hit.documentId === input.citations.find((c) => c.n === n)!.documentId)!.document.type;
    expect(parsed.framing).toEqual([REPLY_TEXTS.da.framing.methodIntro, REPLY_TEXTS.da.framing.examplesHeading]);
    const methods = parsed.bullets.filter((bullet) => bullet.section === 0);
    const examples = parsed.bullets.filter((bullet) => bullet.section === 1);
    expect(methods.length).toBeGreaterThanOrEqual(2);
    expect(methods.length).toBeLessThanOrEqual(4);
    expect(examples.length).toBeGreaterThanOrEqual(1);
    expect(examples.length).toBeLessThanOrEqual(2);
    for (const bullet of methods) expect(typeOf(bullet.quotes[0].citation)).not.toBe('case');
    for (const bullet of examples) expect(typeOf(bullet.quotes[0].citation)).toBe('case');
  });
});

describe('composeExtractiveAnswer languages', () => {
  it('should frame the answer in English and say once that the sources are Danish when the question is English', () => {
    for (const id of ['en01', 'en02', 'en03']) {
      const { text } = composeExtractiveAnswer(inputFor(loadHitFixture(id)));
      const parsed = parseAnswer(text);
      expect(parsed.framing[0]).toMatch(/^Here is what the library/u);
      expect(text.split('(the sources are in Danish)').length - 1).toBe(1);
      expect(text).not.toContain('I biblioteket har vi fundet');
      expect(text).not.toContain('Eksempler:');
    }
  });

  it('should frame the answer in Danish without the English note when the question is Danish', () => {
    const { text } = composeExtractiveAnswer(inputFor(loadHitFixture('q26')));
    expect(text.startsWith(REPLY_TEXTS.da.framing.methodIntro)).toBe(true);
    expect(text).not.toContain('Danish');
  });
});

describe('composeExtractiveAnswer without material', () => {
  it('should return an empty answer when there are no hits', () => {
    const input = inputFor(loadHitFixture('q01'), { hits: [], citations: [], byDocument: new Map(), cases: [] });
    expect(composeExtractiveAnswer(input)).toEqual({ text: '', usedCitations: [] });
  });

  it('should return an empty answer when none of the hits is cited', () => {
    const input = inputFor(loadHitFixture('q01'), { byDocument: new Map(), citations: [] });
    expect(composeExtractiveAnswer(input)).toEqual({ text: '', usedCitations: [] });
  });

  it('should return an empty answer when the passages hold no quotable sentence', () => {
    const fixture = loadHitFixture('q01');
    const hits = fixture.hits.map((hit) => ({
      ...hit,
      content: '## Baggrund\n- kort punkt\nSe også casen om Odense.',
      document: { ...hit.document, summary: 'Se også casen om Odense.' },
    }));
    expect(composeExtractiveAnswer(inputFor({ ...fixture, hits }))).toEqual({ text: '', usedCitations: [] });
  });
});
