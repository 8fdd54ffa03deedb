/**
 * Looks up the documents of the previous answer a follow-up refers to: by citation number ("nummer 2") or by a
 * name that occurs in a source's organisation or title ("mere om Fredericia", "hvem kan jeg kontakte i Odense?").
 */
import { stem } from '../../knowledge/index.js';
import type { PreviousTurn } from '../conversation-turn.js';
import { contentWords, normalizeText } from './match-text.js';

export interface PreviousDocument {
  documentId: string;
  title: string;
  organisation?: string;
}

/** The previous answer's documents, each once: cited ones in citation order, then uncited case cards. */
export function previousDocuments(previous: PreviousTurn): PreviousDocument[] {
  const seen = new Map<string, PreviousDocument>();
  const citations = [...previous.citations].sort((a, b) => a.n - b.n);
  for (const { documentId, title, organisation } of citations) {
    if (!seen.has(documentId)) seen.set(documentId, { documentId, title, organisation });
  }
  for (const { documentId, title, organisation } of previous.cases) {
    if (!seen.has(documentId)) seen.set(documentId, { documentId, title, organisation });
  }
  return [...seen.values()];
}

/**
 * The document behind citation number `n` of the previous answer ('last' = the highest number). The citation
 * numbering wins, because the answer shows it on case cards too; only an answer without citations falls back to
 * the order of its case cards.
 */
export function documentForNumber(previous: PreviousTurn, n: number | 'last'): string | undefined {
  if (previous.citations.length > 0) {
    const target = n === 'last' ? Math.max(...previous.citations.map((citation) => citation.n)) : n;
    return previous.citations.find((citation) => citation.n === target)?.documentId;
  }
  const index = n === 'last' ? previous.cases.length - 1 : n - 1;
  return previous.cases[index]?.documentId;
}

/** Words that occur in many organisation names and titles and so identify nothing. */
const GENERIC_WORDS = [
  'kommune', 'kommunen', 'kommuner', 'region', 'regionen', 'projekt', 'projektet', 'case', 'casen', 'sag', 'sagen',
  'eksempel', 'eksemplet', 'municipality', 'project', 'example', 'danmark', 'denmark',
];
const GENERIC_STEMS = new Set(GENERIC_WORDS.map((word) => stem(word, 'da')));

function nameStems(text: string): Set<string> {
  const stems = contentWords(normalizeText(text))
    .filter((word) => word.length >= 3 && !/^\d+$/.test(word))
    .map((word) => stem(word, 'da'))
    .filter((wordStem) => !GENERIC_STEMS.has(wordStem));
  return new Set(stems);
}

/**
 * The previous documents whose organisation or title shares the most distinctive words with `text`, in
 * citation order; empty when none shares any. Library names are Danish, so both sides use the Danish stemmer
 * ("Odense" and "Odenses" meet).
 * @param scope 'organisation' to match organisation names only: "hvad med hjemmeplejen?" names a topic, and
 *   should not pick the one source with "hjemmeplejen" in its title, while "hvad med Odense?" names a source.
 */
export function documentsByName(
  previous: PreviousTurn,
  text: string,
  scope: 'organisation' | 'organisation_and_title' = 'organisation_and_title',
): string[] {
  const wanted = nameStems(text);
  if (wanted.size === 0) return [];
  let best = 0;
  const scored = previousDocuments(previous).map((document) => {
    const organisation = document.organisation ?? '';
    const names = nameStems(scope === 'organisation' ? organisation : `${organisation} ${document.title}`);
    const score = [...wanted].filter((wordStem) => names.has(wordStem)).length;
    best = Math.max(best, score);
    return { documentId: document.documentId, score };
  });
  return best === 0 ? [] : scored.filter(({ score }) => score === best).map(({ documentId }) => documentId);
}

/** The title shown for `documentId` in the previous answer. */
export function titleOf(previous: PreviousTurn, documentId: string): string {
  return previousDocuments(previous).find((document) => document.documentId === documentId)?.title ?? documentId;
}
