/**
 * The answer without a language model: Markdown made only of sentences quoted from the retrieved passages, each
 * followed by its source number, plus framing lines that assert nothing. Used when no model is configured or the
 * model fails, and as the safe baseline a model's answer can be compared with.
 */
import type { SearchHit } from '../../knowledge/index.js';
import type { CaseCard, Citation, Language } from '../messages.js';
import { caseLines } from './compose-case-lines.js';
import { composeMethodAnswer, type MethodDocument } from './compose-method-answer.js';
import type { ComposedAnswer } from './composed-answer.js';
import { pickDiverse, rankSentences, type CandidateSentence } from './rank-sentences.js';
import { replyTexts } from './reply-texts.js';

export interface ExtractiveAnswerInput {
  question: string;
  language: Language;
  intent: 'method' | 'case_lookup';
  hits: SearchHit[];
  citations: Citation[];
  byDocument: Map<string, number>;
  /** The cases on the question's topic, in answer order (see `matchTopic`). */
  cases: CaseCard[];
  /** For a method question: the method document the answer is built from, with its chunks and linked cases. */
  method?: MethodDocument;
}

/** One bullet: optionally "**Organisation** (year): ", then one or more quoted sentences each with [n]. */
interface Bullet {
  organisation?: string;
  years: string[];
  quotes: CandidateSentence[];
}

interface Section {
  heading?: string;
  bullets: Bullet[];
}

const MIN_SENTENCES = 3;
const MAX_SENTENCES = 6;
/** Below this weighted overlap with the question a sentence is only used when nothing better exists. */
const RELEVANT_OVERLAP = 0.2;
const EMPTY: ComposedAnswer = { text: '', usedCitations: [] };

const countSentences = (bullets: Bullet[]) => bullets.reduce((sum, bullet) => sum + bullet.quotes.length, 0);
const byCitation = (a: Bullet, b: Bullet) => a.quotes[0].citation - b.quotes[0].citation;

function yearLabel(card: CaseCard): string | undefined {
  if (card.year === undefined) return undefined;
  const ongoing = card.endYear !== undefined && card.endYear !== card.year;
  return ongoing ? `${card.year}–${card.endYear}` : String(card.year);
}

/**
 * One bullet per organisation of the cited cases (cards arrive grouped by organisation) with the best sentence of
 * each of its cases (at most two). The first `guaranteed` cases (retrieval found them best) always qualify; later
 * ones need a sentence that actually matches the question.
 */
function caseBullets(
  ranked: CandidateSentence[],
  cases: CaseCard[],
  limits: { bullets: number; sentences: number; guaranteed: number },
): Bullet[] {
  const bullets = new Map<string, Bullet>();
  let sentences = 0;
  for (const card of cases) {
    if (card.citation === undefined || sentences >= limits.sentences) continue;
    const key = card.organisation ? card.organisation.toLocaleLowerCase('da') : `\u0000${card.documentId}`;
    let bullet = bullets.get(key);
    if ((!bullet && bullets.size >= limits.bullets) || (bullet && bullet.quotes.length >= 2)) continue;
    const best = ranked.find((candidate) => candidate.documentId === card.documentId);
    if (!best || (sentences >= limits.guaranteed && best.overlap < RELEVANT_OVERLAP)) continue;
    if (!bullet) {
      bullet = { organisation: card.organisation || undefined, years: [], quotes: [] };
      bullets.set(key, bullet);
    }
    bullet.quotes.push(best);
    const year = yearLabel(card);
    if (year && !bullet.years.includes(year)) bullet.years.push(year);
    sentences += 1;
  }
  return [...bullets.values()];
}

/** Adds further sentences from the bullets' own documents until the answer has `MIN_SENTENCES` (if it can). */
function fillFromSameDocuments(bullets: Bullet[], ranked: CandidateSentence[], others: Bullet[] = []): void {
  for (const bullet of bullets) {
    if (countSentences(bullets) + countSentences(others) >= MIN_SENTENCES) return;
    const documents = new Set(bullet.quotes.map((quote) => quote.documentId));
    const used = new Set(bullets.flatMap((b) => b.quotes));
    const extra = ranked.find((candidate) => documents.has(candidate.documentId) && !used.has(candidate));
    if (extra) bullet.quotes.push(extra);
  }
}

/**
 * Method/research sentences as plain bullets in citation order: up to `max`, preferring different documents; past
 * the first `guaranteed` only sentences that match the question.
 */
function methodBullets(ranked: CandidateSentence[], max: number, guaranteed: number): Bullet[] {
  const candidates = ranked.filter((candidate) => candidate.document.type !== 'case');
  return pickDiverse(candidates, max)
    .filter((candidate, index) => index < guaranteed || candidate.overlap >= RELEVANT_OVERLAP)
    .map((quote) => ({ years: [], quotes: [quote] }))
    .sort(byCitation);
}

function renderBullet(bullet: Bullet): string {
  const quotes = bullet.quotes
    .map((quote) => `${quote.label ? `*${quote.label}:* ` : ''}${quote.text} [${quote.citation}]`)
    .join(' ');
  if (!bullet.organisation) return `- ${quotes}`;
  const years = bullet.years.length ? ` (${bullet.years.join(', ')})` : '';
  return `- **${bullet.organisation}**${years}: ${quotes}`;
}

/** The framing line, with the "sources are in Danish" note before its closing colon. */
function introLine(intro: string, note: string): string {
  if (!note) return intro;
  return intro.endsWith(':') ? `${intro.slice(0, -1)} ${note}:` : `${intro} ${note}`;
}

function render(intro: string, note: string, sections: Section[]): ComposedAnswer {
  const parts = [introLine(intro, note)];
  const used = new Set<number>();
  for (const section of sections) {
    if (section.bullets.length === 0) continue;
    if (section.heading) parts.push(section.heading);
    parts.push(section.bullets.map(renderBullet).join('\n'));
    for (const bullet of section.bullets) for (const quote of bullet.quotes) used.add(quote.citation);
  }
  if (used.size === 0) return EMPTY;
  return { text: parts.join('\n\n'), usedCitations: [...used].sort((a, b) => a - b) };
}

/**
 * Composes an extractive answer from `hits`. Sentences are split from the passages of cited documents, scored by
 * overlap with the question's stems plus the hit's rank, and picked preferring different documents; fragments,
 * headings, metadata lines and duplicates never qualify; 3–6 sentences in all when the sources allow.
 * 'case_lookup': a framing line, then one line per case on the topic ("**Org** (year, status): what they did and
 * what came of it [n]" and its contact, see `caseLines`); quoted sentences only when no case qualifies. 'method':
 * with a method document, its name, definition, steps and linked cases (`composeMethodAnswer`); otherwise a framing
 * line, 2–4 method/research sentences, then "Eksempler:" with 1–2 cases. English questions get English framing and a note
 * that the quoted sources are Danish. Returns `{ text: '', usedCitations: [] }` when there is nothing to quote.
 */
export function composeExtractiveAnswer(input: ExtractiveAnswerInput): ComposedAnswer {
  const { question, language, intent, hits, citations, byDocument, cases } = input;
  if (hits.length === 0 || citations.length === 0) return EMPTY;
  const { framing } = replyTexts(language);
  const note = framing.sourcesInDanish;
  if (intent === 'case_lookup') {
    // One line per case on the topic, from the case's own summary, then its contact.
    const { lines, used } = caseLines(cases, language);
    if (lines.length > 0) {
      return { text: [introLine(framing.caseLookupIntro, note), lines.join('\n')].join('\n\n'), usedCitations: [...used].sort((a, b) => a - b) };
    }
  }
  if (intent === 'method' && input.method) {
    const method = composeMethodAnswer(input.method, language);
    if (method.text) return method;
  }
  const ranked = rankSentences(question, language, hits, byDocument);
  if (ranked.length === 0) return EMPTY;
  if (intent === 'case_lookup') {
    return render(framing.noCasesIntro, note, [{ bullets: methodBullets(ranked, 4, MIN_SENTENCES) }]);
  }
  const examples = caseBullets(ranked, cases, { bullets: 2, sentences: 2, guaranteed: 1 });
  const methods = methodBullets(ranked, 4, Math.max(2, MIN_SENTENCES - countSentences(examples)));
  if (methods.length === 0) {
    const bullets = caseBullets(ranked, cases, { bullets: 4, sentences: 4, guaranteed: 3 });
    fillFromSameDocuments(bullets, ranked);
    return render(framing.noMethodIntro, note, [{ bullets }]);
  }
  fillFromSameDocuments(examples, ranked, methods);
  return render(framing.methodIntro, note, [
    { bullets: methods },
    { heading: framing.examplesHeading, bullets: examples },
  ]);
}
