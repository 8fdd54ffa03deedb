/**
 * Decides whether a message builds on the previous answer in the thread and, if so, turns it into something the
 * engine can act on without a model: a refined search, one document to expand on, contacts to show, or more
 * results. A full question stands alone even after a previous turn: only short, elliptical messages or messages
 * that point at the previous sources are resolved.
 */
import type { SearchFilters } from '../../knowledge/index.js';
import type { PreviousTurn } from '../conversation-turn.js';
import type { Language } from '../messages.js';
import { findNumberReference, type NumberReference } from './citation-reference.js';
import { extractFilters, hasFilters } from './extract-filters.js';
import {
  ANAPHORA,
  BARE_MORE,
  CONTACT_CUE,
  FOLLOW_UP_FILLERS,
  MORE_ABOUT_CUE,
  MORE_IN_GENERAL,
  MORE_RESULTS_CUE,
  REFINE_OPENER,
  REFINE_OPENER_RAW,
} from './follow-up-cues.js';
import { contentWords, normalizeText, removeMatches, removeSnippets } from './match-text.js';
import { documentForNumber, documentsByName, previousDocuments, titleOf } from './previous-documents.js';
import { questionCue } from './question-cues.js';

export type FollowUp =
  /** A stand-alone question. */
  | { kind: 'new' }
  /** The previous question again, with these filters ("hvad med regionerne?", "what about after 2015?"). */
  | { kind: 'refine'; question: string; filters: SearchFilters }
  /** More about one source of the previous answer ("fortæl mere om nummer 2", "mere om Fredericia"). */
  | { kind: 'more_about'; documentId: string; question: string }
  /** The contacts of these previous cases ("hvem kan jeg kontakte?", "… i Odense?"). */
  | { kind: 'contacts'; documentIds: string[] }
  /** The previous question again, without the documents already shown ("er der flere?"). */
  | { kind: 'more_results'; question: string; excludeDocumentIds: string[] };

const NEW: FollowUp = { kind: 'new' };

/** At most this many own words next to a reference or a name ("hvornår startede nummer 2?"). */
const MAX_WORDS_WITH_REFERENCE = 3;

/** What every step needs to know about the message. */
interface Message {
  text: string;
  normalized: string;
  previous: PreviousTurn;
  language: Language;
  reference?: NumberReference;
  /** The document the number reference points at, when it points at one. */
  referenced?: string;
  /** Normalised text without the reference. */
  withoutReference: string;
}

const wordsOf = (normalized: string) => contentWords(normalized, FOLLOW_UP_FILLERS);

function moreAbout(message: Message, documentId: string): FollowUp {
  const title = titleOf(message.previous, documentId);
  const canonical = message.language === 'en' ? `Tell me more about ${title}` : `Fortæl mere om ${title}`;
  const { reference, text } = message;
  const ownWords = reference ? wordsOf(removeMatches(message.withoutReference, MORE_ABOUT_CUE)) : [];
  const question = reference && ownWords.length > 0 ? text.replace(reference.snippet, title) : canonical;
  return { kind: 'more_about', documentId, question };
}

function resolveContacts(message: Message): FollowUp {
  const rest = removeMatches(message.withoutReference, CONTACT_CUE);
  if (message.referenced) return { kind: 'contacts', documentIds: [message.referenced] };
  const named = wordsOf(rest).length <= MAX_WORDS_WITH_REFERENCE ? documentsByName(message.previous, rest) : [];
  if (named.length > 0) return { kind: 'contacts', documentIds: named };
  if (wordsOf(rest).length > 1) return NEW;
  const cases = [...new Set(message.previous.cases.map((card) => card.documentId))];
  const documentIds = cases.length > 0 ? cases : previousDocuments(message.previous).map((doc) => doc.documentId);
  return { kind: 'contacts', documentIds };
}

/** "fortæl mere om nummer 2", "den anden", "mere om Fredericia"; undefined when the message is none of these. */
function resolveMoreAbout(message: Message): FollowUp | undefined {
  const cue = MORE_ABOUT_CUE.test(message.normalized);
  if (message.referenced && message.reference) {
    const rest = removeMatches(message.withoutReference, MORE_ABOUT_CUE);
    const limit = message.reference.strength === 'explicit' || cue ? MAX_WORDS_WITH_REFERENCE : 1;
    if (wordsOf(rest).length <= limit) return moreAbout(message, message.referenced);
  }
  if (cue && !message.reference) {
    const rest = removeMatches(message.normalized, MORE_ABOUT_CUE);
    const named = wordsOf(rest).length <= MAX_WORDS_WITH_REFERENCE ? documentsByName(message.previous, rest) : [];
    if (named[0]) return moreAbout(message, named[0]);
  }
  const documents = previousDocuments(message.previous);
  const onlyInGeneral = wordsOf(removeMatches(message.normalized, MORE_IN_GENERAL)).length === 0;
  if (MORE_IN_GENERAL.test(message.normalized) && onlyInGeneral && documents.length === 1 && documents[0]) {
    return moreAbout(message, documents[0].documentId);
  }
  return undefined;
}

/** "er der flere?", narrowed filters ("hvad med regionerne?"), or a short topic after "hvad med". */
function resolveMoreOrRefine(message: Message, now: Date): FollowUp {
  const { normalized, previous } = message;
  const afterMore = removeMatches(removeMatches(normalized, MORE_RESULTS_CUE), MORE_IN_GENERAL);
  const generalMore = MORE_IN_GENERAL.test(normalized) && wordsOf(afterMore).length === 0;
  const asksForMore = MORE_RESULTS_CUE.test(normalized) || BARE_MORE.test(normalized) || generalMore;
  const extracted = extractFilters(asksForMore ? afterMore : message.text, now, { explicitOrganisationTypes: true });
  const previousFilters = withoutDocumentIds(previous.filters);

  if (asksForMore && !hasFilters(extracted.filters) && wordsOf(afterMore).length <= 1) {
    const excludeDocumentIds = previousDocuments(previous).map((document) => document.documentId);
    return { kind: 'more_results', question: previous.resolvedQuestion, excludeDocumentIds };
  }
  const opener = REFINE_OPENER.test(normalized);
  // "Hvad har staten lavet på digitaliseringsområdet?" is a question of its own, filters and all; only a message
  // without question scaffolding, or one that points back ("det", "that"), narrows the previous question.
  const elliptical = opener || asksForMore || !questionCue(normalized) || ANAPHORA.test(normalized);
  if (hasFilters(extracted.filters) && elliptical) {
    const rest = removeSnippets(asksForMore ? afterMore : normalized, extracted.matched).replace(REFINE_OPENER, '');
    if (wordsOf(rest).length > (opener || asksForMore ? 2 : 1)) return NEW;
    const filters = { ...previousFilters, ...extracted.filters };
    return { kind: 'refine', question: previous.resolvedQuestion, filters };
  }
  if (opener) {
    const addition = message.text.replace(REFINE_OPENER_RAW, '').replace(/[\s?!.]+$/u, '').trim();
    const additionWords = wordsOf(normalizeText(addition));
    const named = additionWords.length <= 2 ? documentsByName(previous, addition, 'organisation') : [];
    if (named[0]) return moreAbout(message, named[0]);
    if (additionWords.length >= 1 && additionWords.length <= 2) {
      return { kind: 'refine', question: `${previous.resolvedQuestion} ${addition}`, filters: previousFilters };
    }
  }
  return NEW;
}

function withoutDocumentIds(filters: SearchFilters): SearchFilters {
  const { documentIds: _dropped, ...rest } = filters;
  return rest;
}

/**
 * Resolves `text` against the previous turn of the thread, in this order: contacts, more about one source, more
 * results, refine; anything else is `new`.
 * - Numbers ("nummer 2", "nr. 2", "[2]", "2'eren", "den anden", "the second one") are citation numbers of the
 *   previous answer (case order only when it had no citations). A number it did not show resolves to nothing.
 * - Names ("mere om Fredericia", "hvem kan jeg kontakte i Odense?") match organisation or title words of the
 *   previous sources.
 * - Refine keeps `previous.resolvedQuestion` and merges the new filters over the previous ones (a named field
 *   replaces the old value; document restrictions are dropped). After "hvad med"/"what about", a short topic that
 *   is no filter and no source is appended to the previous question instead.
 * - more_about's `question` is "Fortæl mere om <title>" ("Tell me more about <title>" in English), or the user's
 *   own question with the title in place of the number ("Hvornår startede <title>?").
 * @param now the date relative periods ("de seneste 5 år") count from; defaults to the current date.
 */
export function resolveFollowUp(
  text: string,
  previous: PreviousTurn | undefined,
  language: Language,
  now: Date = new Date(),
): FollowUp {
  if (!previous) return NEW;
  const normalized = normalizeText(text);
  if (normalized === '') return NEW;
  const reference = findNumberReference(text);
  const message: Message = {
    text,
    normalized,
    previous,
    language,
    reference,
    referenced: reference ? documentForNumber(previous, reference.n) : undefined,
    withoutReference: reference ? normalizeText(text.replace(reference.snippet, ' ')) : normalized,
  };

  if (CONTACT_CUE.test(normalized) && previousDocuments(previous).length > 0) return resolveContacts(message);
  return resolveMoreAbout(message) ?? resolveMoreOrRefine(message, now);
}
