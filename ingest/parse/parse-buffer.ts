/**
 * Dispatches file bytes to the parser for their format. Text formats are decoded first (binary blobs,
 * empty files refused here once for all); PDF and DOCX parsers take the bytes. Never throws: an unexpected
 * failure inside a parser becomes a problem for the file, so one bad file cannot stop an ingest run.
 */
import type { SourceFormat } from '../../knowledge/documents/library-document.js';
import { parseCsv } from './csv.js';
import { decodeText } from './decode-text.js';
import { parseDocx } from './docx.js';
import { errorMessage } from './error-message.js';
import { parseHtml } from './html.js';
import { parseJson } from './json.js';
import { parseMarkdown } from './markdown.js';
import { type ParseOutcome, problemOutcome } from './parse-outcome.js';
import { parsePdf } from './pdf.js';
import { EMPTY_FILE_MESSAGE } from './problem-messages.js';
import { parseText } from './text.js';

type TextParser = (text: string, relativePath: string) => ParseOutcome;

const TEXT_PARSERS: Readonly<Record<Exclude<SourceFormat, 'pdf' | 'docx'>, TextParser>> = {
  markdown: parseMarkdown,
  html: parseHtml,
  text: parseText,
  csv: parseCsv,
  json: parseJson,
};

/** Parses the bytes of one library file; `relativePath` names it in documents and problems. */
export async function parseBuffer(bytes: Buffer, relativePath: string, format: SourceFormat): Promise<ParseOutcome> {
  try {
    if (bytes.length === 0) return problemOutcome(relativePath, EMPTY_FILE_MESSAGE);
    if (format === 'pdf') return await parsePdf(bytes, relativePath);
    if (format === 'docx') return await parseDocx(bytes, relativePath);
    const decoded = decodeText(bytes);
    if (!decoded.ok) return problemOutcome(relativePath, decoded.message);
    if (decoded.text.trim() === '') return problemOutcome(relativePath, EMPTY_FILE_MESSAGE);
    return TEXT_PARSERS[format](decoded.text, relativePath);
  } catch (error) {
    return problemOutcome(relativePath, `uventet fejl ved læsning af filen: ${errorMessage(error)}`);
  }
}
