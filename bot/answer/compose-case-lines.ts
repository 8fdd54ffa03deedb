/**
 * The "who has done this" answer without a model: one line per case that is about the question's subject —
 * organisation (year, status): what they did and what came of it [n] — then its contact. Everything on a line comes
 * from that case's own metadata and summary (ingest writes the summary from its "Hvad gjorde de" and "Resultater"
 * sections), so a line can never mix two documents or quote a note to the reader.
 */
import type { CaseCard, Language } from '../messages.js';
import { formatContact } from './compose-contacts-answer.js';
import { replyTexts } from './reply-texts.js';
import { isMetaSentence, isQuotableSentence } from './sentence-quality.js';
import { splitSentences } from './split-sentences.js';

/** "2008", "2017–2020", then the status: "(2008, skaleret)"; '' when neither is known. */
export function caseDetails(card: Pick<CaseCard, 'year' | 'endYear' | 'status'>): string {
  const year =
    card.year === undefined ? undefined : card.endYear !== undefined && card.endYear !== card.year ? `${card.year}–${card.endYear}` : String(card.year);
  const details = [year, card.status].filter(Boolean);
  return details.length ? ` (${details.join(', ')})` : '';
}

/** The case's summary without notes to the reader or fragments; '' when nothing quotable is left. */
export function caseStatement(card: Pick<CaseCard, 'summary'>): string {
  const sentences = splitSentences(card.summary).filter(
    (sentence) => !isMetaSentence(sentence) && isQuotableSentence(sentence, { fragmentsOk: true }),
  );
  return sentences.join(' ');
}

/**
 * One case as answer lines: "- **Org** (year, status): statement [n]" and an indented contact line; undefined when
 * the case is not cited or its summary holds no whole statement (a title alone is not an answer).
 */
export function caseLine(card: CaseCard, language: Language): string | undefined {
  if (card.citation === undefined) return undefined;
  const statement = caseStatement(card);
  if (!statement) return undefined;
  const who = card.organisation || card.title;
  const contact = formatContact(card.contact, language);
  const texts = replyTexts(language);
  const lines = [`- **${who}**${caseDetails(card)}: ${statement} [${card.citation}]`];
  lines.push(`  ${texts.framing.contactLabel}: ${contact || texts.contactNotListed()}`);
  return lines.join('\n');
}

/** The lines for `cards` (in their order), skipping cards without a citation number, and the numbers they cite. */
export function caseLines(cards: CaseCard[], language: Language): { lines: string[]; used: number[] } {
  const lines: string[] = [];
  const used: number[] = [];
  for (const card of cards) {
    const line = caseLine(card, language);
    if (!line || used.includes(card.citation!)) continue;
    lines.push(line);
    used.push(card.citation!);
  }
  return { lines, used };
}
