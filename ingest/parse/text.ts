import { type ParseOutcome } from './parse-outcome.js';
import { buildResearchDocument } from './research-document.js';

/**
 * Plain-text reports (.txt): a research document whose title is the first line (a leading '#' is
 * tolerated) and whose body is the text as written, blank-line paragraphs kept.
 * Expects text already decoded by decodeText.
 */
export function parseText(text: string, relativePath: string): ParseOutcome {
  return buildResearchDocument({ relativePath, format: 'text', body: text });
}
