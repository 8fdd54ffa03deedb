/**
 * Derived text for a document: the one-line summary shown on case cards, a "profile" chunk that makes its metadata
 * searchable (who, where, when, which methods), and the text each chunk is embedded with.
 */
import type { LibraryDocument } from '../knowledge/documents/library-document.js';

const TYPE_LABEL: Record<LibraryDocument['type'], string> = { case: 'Case', method: 'Metode', research: 'Viden og forskning' };

const DOT = '\u2024';
const ABBREVIATIONS = /\b(?:bl\.a\.|f\.eks\.|fx\.|m\.v\.|mv\.|osv\.|ca\.|jf\.|dvs\.|evt\.|inkl\.|nr\.|pct\.|e\.g\.|i\.e\.)/giu;

/** First sentence or two of the body's first real paragraph, without Markdown, at most ~240 characters. */
export function summariseBody(body: string): string {
  const paragraph =
    body
      .replace(/\r\n?/g, '\n')
      // A heading line ends a paragraph even without a blank line after it.
      .replace(/^#{1,6}\s.*$/gm, '')
      .split(/\n\s*\n/)
      .map((block) => block.trim())
      .find((block) => block && !/^#{1,6}\s/.test(block) && !/^[-*]\s/.test(block) && block.length > 40) ?? '';
  const plain = stripMarkdown(paragraph).replace(/\s+/g, ' ').trim();
  if (plain.length <= 240) return plain;
  // Abbreviations such as "bl.a." and "f.eks." must not end a sentence: hide their dots while splitting.
  const protectedText = plain.replace(ABBREVIATIONS, (match) => match.replace(/\./g, DOT));
  const sentences = (protectedText.match(/[^.!?]+[.!?]+(\s|$)/g) ?? [protectedText]).map((sentence) =>
    sentence.replaceAll(DOT, '.'),
  );
  let summary = '';
  for (const sentence of sentences) {
    if (summary && summary.length + sentence.length > 240) break;
    summary += sentence;
  }
  summary = summary.trim();
  return summary.length > 260 ? `${summary.slice(0, 237).replace(/\s+\S*$/, '')}…` : summary;
}

/** Headings of the case template whose first sentences say what was done and what came of it. */
const DID_HEADING = /^(?:hvad gjorde de|hvad gjorde vi|løsningen|indsatsen|what they did)$/iu;
const RESULT_HEADING = /^(?:resultater|resultat|effekt|effekter|results?)$/iu;

/** The text under the first `##`/`###` heading matching `pattern`, up to the next heading of any level. */
function sectionText(body: string, pattern: RegExp): string | undefined {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const start = lines.findIndex((line) => {
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    return heading !== null && pattern.test(heading[1]!.trim());
  });
  if (start < 0) return undefined;
  const end = lines.findIndex((line, index) => index > start && /^#{1,6}\s/.test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** "The source does not state the effect": true, but not a result worth a summary line. */
const NOTHING_STATED = /\b(?:ikke|not)\s+(?:\p{L}+\s+){0,3}(?:opgjort|opgør|angiver|angivet|stated|measured)\b|\b(?:opgør|angiver|oplyser|måler)\s+ikke\b/iu;

/** First whole sentence of a section's first paragraph (list items included) that states something; '' when none. */
function firstSentence(section: string | undefined): string {
  if (!section) return '';
  const paragraph = section
    .split(/\n\s*\n/)
    .map((block) => block.trim().replace(/^[-*]\s+|^\d+[.)]\s+/gm, ''))
    .find((block) => block.length > 40);
  if (!paragraph) return '';
  const plain = stripMarkdown(paragraph).replace(/\s+/g, ' ').trim();
  const protectedText = plain.replace(ABBREVIATIONS, (match) => match.replace(/\./g, DOT));
  // A sentence ends at . ! ? before a capital: "10 mio. kr." and "1. november" do not end one.
  const sentences = (protectedText.match(/\S.*?[.!?]["”»]?(?=\s+["«„]?\p{Lu}|\s*$)/gu) ?? [protectedText]).map((sentence) =>
    sentence.replaceAll(DOT, '.').trim(),
  );
  return sentences.find((sentence) => sentence.length <= 300 && !NOTHING_STATED.test(sentence)) ?? '';
}

/**
 * The summary stored with a document (shown on case cards and in "who has done this" answers). For a case with the
 * template's sections it is what they did and what came of it: the first sentence of "Hvad gjorde de" and of
 * "Resultater" (the background says why, not what). Otherwise, and for methods and research, `summariseBody`.
 */
export function summariseDocument(document: Pick<LibraryDocument, 'type' | 'body'>): string {
  if (document.type === 'case') {
    const did = firstSentence(sectionText(document.body, DID_HEADING));
    const result = firstSentence(sectionText(document.body, RESULT_HEADING));
    if (did) return result && result !== did ? `${did} ${result}` : did;
  }
  return summariseBody(document.body);
}

export function stripMarkdown(text: string): string {
  return text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]{1,3}([^*_`]+)[*_`]{1,3}/g, '$1')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/^>\s?/gm, '');
}

/** A short factual paragraph built only from the metadata, indexed as the document's first chunk. */
export function buildProfile(doc: LibraryDocument, summary: string): string {
  const lines: string[] = [`${TYPE_LABEL[doc.type]}: ${doc.title}.`];
  const who = [doc.organisation, doc.organisationType, doc.region ? `Region ${doc.region}`.replace('Region national', 'national') : undefined]
    .filter(Boolean)
    .join(', ');
  if (who) lines.push(`Hvem: ${who}.`);
  if (doc.year) lines.push(`Hvornår: ${doc.year}${doc.endYear ? `–${doc.endYear}` : ''}.`);
  if (doc.policyArea) lines.push(`Område: ${doc.policyArea}.`);
  if (doc.methods.length) lines.push(`Metoder: ${doc.methods.join(', ')}.`);
  if (doc.innovationType.length) lines.push(`Innovationstype: ${doc.innovationType.join(', ')}.`);
  if (doc.status) lines.push(`Status: ${doc.status}.`);
  if (doc.tags.length) lines.push(`Emner: ${doc.tags.join(', ')}.`);
  if (doc.author) lines.push(`Forfatter: ${doc.author}.`);
  if (summary) lines.push(summary);
  return lines.join(' ');
}

/** The heavier-weighted context of a chunk: its document's title and organisation and its heading path. */
export function chunkContext(doc: Pick<LibraryDocument, 'title' | 'organisation'>, headingPath: string[]): string {
  return [doc.title, doc.organisation, ...headingPath].filter(Boolean).join(' – ');
}

/** What the embedder sees for a chunk: context first, so a passage is placed in its case. */
export function embeddingText(
  doc: Pick<LibraryDocument, 'title' | 'organisation'>,
  headingPath: string[],
  content: string,
): string {
  return `${chunkContext(doc, headingPath)}\n${content}`;
}
