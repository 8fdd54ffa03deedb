/**
 * Case cards: the "who has done this" part of a reply, one card per case document, built only from that document's
 * own metadata so a card can never claim more than the library does.
 */
import type { SearchHit } from '../../knowledge/index.js';
import type { CaseCard } from '../messages.js';
import { quotableSentences } from './sentence-quality.js';
import { collapseWhitespace, splitSentences } from './split-sentences.js';

/**
 * The document's summary on one line. Ingestion's summariser can cut a summary inside an abbreviation ("a. er gjort
 * kendt af …", "… og test. a."); such leading and trailing fragments are dropped, and when nothing whole is left the
 * first quotable sentence of the case's own retrieved chunks is used instead.
 */
export function oneLineSummary(summary: string, documentHits: SearchHit[] = []): string {
  const collapsed = collapseWhitespace(summary);
  if (!/^\p{Ll}/u.test(collapsed) && !/\s\p{L}\.$/u.test(collapsed)) return collapsed;
  const whole = splitSentences(collapsed)
    .filter((sentence) => /^[\p{Lu}\p{N}"«“]/u.test(sentence))
    .map((sentence) => sentence.replace(/\s\p{L}\.$/u, ''))
    .filter((sentence) => /[.!?]$/u.test(sentence));
  if (whole.length > 0) return whole.join(' ');
  for (const hit of documentHits) {
    const [first] = quotableSentences(hit.content);
    if (first) return first;
  }
  return collapsed;
}

/** The card of one case document, from its own metadata; `citation` when the answer cites it. */
export function caseCardFor(document: SearchHit['document'], citation?: number, documentHits: SearchHit[] = []): CaseCard {
  const card: CaseCard = {
    documentId: document.id,
    title: document.title,
    organisation: document.organisation ?? '',
    summary: oneLineSummary(document.summary, documentHits),
  };
  if (document.organisationType) card.organisationType = document.organisationType;
  if (document.region) card.region = document.region;
  if (document.year !== undefined) card.year = document.year;
  if (document.endYear !== undefined) card.endYear = document.endYear;
  if (document.status) card.status = document.status;
  if (document.contact) card.contact = { ...document.contact };
  if (document.sourceUrl) card.url = document.sourceUrl;
  if (citation !== undefined) card.citation = citation;
  return card;
}

function organisationKey(card: CaseCard): string {
  return card.organisation ? card.organisation.toLocaleLowerCase('da') : `\u0000${card.documentId}`;
}

/**
 * Cards for the first `maxCards` distinct documents of type 'case' in `hits` (rank order), then grouped so that
 * the same organisation's cases are adjacent; groups keep the rank of their best case. `summary` is the document's
 * summary on one line (see `oneLineSummary`), `contact` and `url` come from the document, `citation` from
 * `byDocument` when the case is cited. A case without an organisation gets `organisation: ''` and a group of its own.
 */
export function buildCaseCards(hits: SearchHit[], byDocument: Map<string, number>, maxCards = 6): CaseCard[] {
  const cards: CaseCard[] = [];
  const seen = new Set<string>();
  for (const hit of hits) {
    if (cards.length >= maxCards) break;
    const document = hit.document;
    if (document.type !== 'case' || seen.has(document.id)) continue;
    seen.add(document.id);
    const card = caseCardFor(document, byDocument.get(document.id), hits.filter((other) => other.documentId === document.id));
    cards.push(card);
  }
  const groupOrder = new Map<string, number>();
  for (const card of cards) {
    const key = organisationKey(card);
    if (!groupOrder.has(key)) groupOrder.set(key, groupOrder.size);
  }
  // Array.prototype.sort is stable, so rank order is kept within an organisation.
  return cards.sort((a, b) => groupOrder.get(organisationKey(a))! - groupOrder.get(organisationKey(b))!);
}
