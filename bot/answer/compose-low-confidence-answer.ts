/**
 * The reply when retrieval confidence is below the threshold: say plainly that the library does not cover it well
 * enough, list the closest sources by their own titles (so the user can judge), and offer an adviser.
 */
import type { Citation, Language } from '../messages.js';
import type { ComposedAnswer } from './composed-answer.js';
import { replyTexts } from './reply-texts.js';

/** How many closest sources to list. */
export const CLOSEST_SOURCES = 3;

/** "**Title** (Organisation, year) [n]" from the citation's own metadata. */
function closestLine(citation: Citation): string {
  const year = citation.year !== undefined ? String(citation.year) : undefined;
  const details = [citation.organisation, year].filter(Boolean);
  return `- **${citation.title}**${details.length ? ` (${details.join(', ')})` : ''} [${citation.n}]`;
}

/**
 * The low-confidence text: lead, up to `max` closest sources (titles, organisations and years from the documents,
 * nothing from their content), then the adviser offer. Without citations only the lead and the offer.
 */
export function composeLowConfidenceAnswer(
  citations: Citation[],
  language: Language,
  max = CLOSEST_SOURCES,
): ComposedAnswer {
  const texts = replyTexts(language);
  const closest = citations.slice(0, max);
  if (closest.length === 0) return { text: `${texts.lowConfidence(false)} ${texts.offerAdviser()}`, usedCitations: [] };
  return {
    text: [texts.lowConfidence(true), closest.map(closestLine).join('\n'), texts.offerAdviser()].join('\n\n'),
    usedCitations: closest.map((citation) => citation.n),
  };
}
