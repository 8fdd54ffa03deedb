/**
 * The method answer without a model, composed from the method document rather than from loose sentences: the
 * method's name (its title), its definition ("Hvad er det"), its steps or phases in the document's own order
 * ("Sådan gør I"), then the cases that used it — the cases whose front-matter `methods` name it, linked at ingest.
 */
import type { DocumentSummary } from '../../knowledge/index.js';
import { methodName } from '../../knowledge/documents/method-name.js';
import type { CaseCard, Language } from '../messages.js';
import { caseLines } from './compose-case-lines.js';
import type { ComposedAnswer } from './composed-answer.js';
import { replyTexts } from './reply-texts.js';
import { isMetaSentence, isQuotableSentence, plainSentence } from './sentence-quality.js';
import { collapseWhitespace, splitSentences } from './split-sentences.js';

/** One chunk of the method document, in document order. */
export interface MethodChunk {
  headingPath: string[];
  content: string;
}

export interface MethodDocument {
  document: Pick<DocumentSummary, 'id' | 'title' | 'summary'>;
  /** Its citation number in the answer. */
  citation: number;
  /** Its body chunks in document order (the profile chunk left out). */
  chunks: MethodChunk[];
  /** Cases linked to the method through their `methods` metadata, with citation numbers. */
  linkedCases: CaseCard[];
}

const DEFINITION_HEADING = /^(?:hvad er det|hvad er metoden|om metoden|what is it)$/iu;
const STEPS_HEADING = /^(?:sådan gør i|sådan gør man|trin|faser|fremgangsmåde|how to do it|steps)$/iu;
/** At most this many definition sentences and steps, so the answer stays readable in a chat. */
const MAX_DEFINITION_SENTENCES = 2;
const MAX_STEPS = 8;
const MAX_LINKED_CASES = 4;

function sectionText(chunks: MethodChunk[], heading: RegExp): string {
  return chunks
    .filter((chunk) => heading.test((chunk.headingPath.at(-1) ?? '').trim()))
    .map((chunk) => chunk.content)
    .join('\n');
}

/** The first sentences of "Hvad er det" that are statements (no notes to the reader, no fragments). */
export function definitionSentences(chunks: MethodChunk[], max = MAX_DEFINITION_SENTENCES): string[] {
  const text = sectionText(chunks, DEFINITION_HEADING);
  return splitSentences(text)
    .filter((sentence) => !/^\s*#/u.test(sentence) && isQuotableSentence(sentence) && !isMetaSentence(sentence))
    .slice(0, max);
}

/**
 * The steps of "Sådan gør I" in order: each numbered or bulleted item's label and first sentence
 * ("**Discover:** Undersøg brugernes oplevelser gennem interviews, observation og data.").
 */
export function methodSteps(chunks: MethodChunk[], max = MAX_STEPS): string[] {
  const text = sectionText(chunks, STEPS_HEADING);
  const items: string[] = [];
  for (const line of text.split('\n')) {
    const item = /^\s*(?:\d+[.)]|[-*])\s+(.*)$/u.exec(line);
    if (item) items.push(item[1]!);
    else if (items.length > 0 && line.trim() !== '' && !/^\s*#/u.test(line)) items[items.length - 1] += ` ${line.trim()}`;
  }
  return items
    .map((item) => collapseWhitespace(item))
    .map((item) => {
      const [first] = splitSentences(item);
      return first ?? item;
    })
    .filter((item) => plainSentence(item).split(/\s+/u).length >= 3 && !isMetaSentence(item))
    .slice(0, max);
}

/**
 * The answer for one method document: "**Name**: definition [n]", the numbered steps [n], then "cases that used it"
 * as case lines. Returns `{ text: '', usedCitations: [] }` when the document has neither a definition nor steps.
 */
export function composeMethodAnswer(method: MethodDocument, language: Language): ComposedAnswer {
  const texts = replyTexts(language);
  const definition = definitionSentences(method.chunks);
  const steps = methodSteps(method.chunks);
  if (definition.length === 0 && steps.length === 0) return { text: '', usedCitations: [] };
  const n = method.citation;
  const name = methodName(method.document.title);
  const parts: string[] = [];
  const note = texts.framing.sourcesInDanish ? ` ${texts.framing.sourcesInDanish}` : '';
  parts.push(definition.length ? `**${name}**${note}: ${definition.join(' ')} [${n}]` : `**${name}**${note} [${n}]`);
  if (steps.length) {
    parts.push(`${texts.framing.stepsHeading}\n${steps.map((step, index) => `${index + 1}. ${step} [${n}]`).join('\n')}`);
  }
  const used = new Set<number>([n]);
  const linked = caseLines(method.linkedCases.slice(0, MAX_LINKED_CASES), language);
  if (linked.lines.length) {
    parts.push(`${texts.framing.casesUsingMethodHeading}\n${linked.lines.join('\n')}`);
    for (const citation of linked.used) used.add(citation);
  }
  return { text: parts.join('\n\n'), usedCitations: [...used].sort((a, b) => a - b) };
}
