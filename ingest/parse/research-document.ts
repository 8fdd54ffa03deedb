/**
 * Builds the LibraryDocument for a research/report file (PDF, DOCX, HTML, plain text), which carries no
 * library front matter: type 'research', id from the file name, title from the document's own metadata,
 * else its first heading or line, else the file name.
 */
import type { LibraryDocument, SourceFormat } from '../../knowledge/documents/library-document.js';
import { defaultIdForPath, fileStem } from './file-stem.js';
import { documentOutcome, type ParseOutcome, problemOutcome } from './parse-outcome.js';
import { EMPTY_FILE_MESSAGE } from './problem-messages.js';
import { toLibraryDocument } from './to-library-document.js';
import { yearFromDate } from './year-from-date.js';

/** What a research parser extracted. Metadata values are raw: they are cleaned here. */
export interface ResearchExtract {
  relativePath: string;
  format: SourceFormat;
  /** Markdown-like text; blank lines between paragraphs. */
  body: string;
  title?: string;
  author?: string;
  /** A date in whatever form the document gives it (PDF Date, ISO string, "4. marts 2021"); only its year is kept. */
  date?: string | Date;
}

/** A first line longer than this is a paragraph, not a title: then the file name is used. */
export const MAX_TITLE_FROM_TEXT = 150;

/**
 * Returns one research document, or the "tom fil" problem when the body has no text.
 * Metadata titles that are generator noise ("Untitled", "Microsoft Word - rapport.docx", a file name)
 * are cleaned or ignored so a real heading can win.
 */
export function buildResearchDocument(extract: ResearchExtract): ParseOutcome {
  const body = tidyText(extract.body);
  if (body === '') return problemOutcome(extract.relativePath, EMPTY_FILE_MESSAGE);
  const document: LibraryDocument = toLibraryDocument(
    {
      type: 'research',
      title: usableTitle(extract.title) ?? titleFromText(body) ?? fileStem(extract.relativePath),
      innovationType: [],
      methods: [],
      tags: [],
      audience: 'public',
      author: cleanText(extract.author),
      year: yearFromDate(extract.date),
    },
    {
      defaultId: defaultIdForPath(extract.relativePath),
      body,
      sourcePath: extract.relativePath,
      sourceFormat: extract.format,
    },
  );
  return documentOutcome(document);
}

/** Normalises extracted text: no trailing spaces, tabs as spaces, at most one blank line in a row. */
export function tidyText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\t+/g, ' ')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function cleanText(text: string | undefined): string | undefined {
  const cleaned = text?.replace(/\s+/g, ' ').trim();
  return cleaned ? cleaned : undefined;
}

/** Drops generator noise from a metadata title; undefined when nothing meaningful is left. */
export function usableTitle(title: string | undefined): string | undefined {
  const cleaned = cleanText(title)
    ?.replace(/^microsoft (word|powerpoint|excel) - /i, '')
    .replace(/\.(docx?|pdf|odt|rtf|txt|pptx?|html?)$/i, '')
    .trim();
  if (!cleaned) return undefined;
  if (/^(untitled|unavngivet|uden titel|titel|title|dokument\s*\d*|document\s*\d*|no title)$/i.test(cleaned)) return undefined;
  return cleaned;
}

/** The first non-empty line, without Markdown heading/list markers, when it is short enough to be a title. */
function titleFromText(body: string): string | undefined {
  const first = body
    .split('\n')
    .map((line) => line.replace(/^#{1,6}\s+|^[-*]\s+/, '').trim())
    .find((line) => line !== '');
  return first !== undefined && first.length <= MAX_TITLE_FROM_TEXT ? first : undefined;
}
