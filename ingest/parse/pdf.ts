/**
 * PDF reports (.pdf): a research document. Text via pdf-parse (pdf.js), pages joined with blank lines and
 * paragraph breaks restored heuristically (pdfParagraphs); PDF has no reliable headings, so none are made.
 * Title, author and year come from the PDF Info dictionary (Title, Author, CreationDate). pdf.js runs in a worker
 * thread (see pdf-worker.ts), so its memory is not kept by the process and a PDF that hangs is given up.
 */
import { errorMessage } from './error-message.js';
import { type ParseOutcome, problemOutcome } from './parse-outcome.js';
import { EMPTY_FILE_MESSAGE } from './problem-messages.js';
import { pdfParagraphs } from './pdf-paragraphs.js';
import { extractPdf, PdfExtractionError } from './pdf-worker.js';
import { buildResearchDocument } from './research-document.js';

export const PDF_NO_TEXT_MESSAGE = 'ingen tekst i PDF (scannet?)';

/** pdf.js reads a PDF whose header is within the first KB; anything else is not a PDF at all. */
const HEADER_WINDOW = 1024;

/**
 * Parses PDF bytes into one research document, or one problem: "kunne ikke læse PDF: …" (not a PDF,
 * corrupt, truncated, encrypted) or "ingen tekst i PDF (scannet?)" when no page has any letters or digits.
 */
export async function parsePdf(bytes: Buffer, relativePath: string): Promise<ParseOutcome> {
  const problem = (message: string) => problemOutcome(relativePath, message);
  if (bytes.length === 0) return problem(EMPTY_FILE_MESSAGE);
  if (!bytes.subarray(0, HEADER_WINDOW).includes('%PDF-')) {
    return problem('kunne ikke læse PDF: filen er ikke en PDF (mangler %PDF-header)');
  }

  try {
    const pdf = await extractPdf(bytes);
    const body = pdf.pages.map((page) => pdfParagraphs(page)).join('\n\n');
    if (!/[\p{L}\p{N}]/u.test(body)) return problem(PDF_NO_TEXT_MESSAGE);
    return buildResearchDocument({
      relativePath,
      format: 'pdf',
      body,
      title: stringOrUndefined(pdf.info.Title),
      author: stringOrUndefined(pdf.info.Author),
      date: pdf.created,
    });
  } catch (error) {
    if (error instanceof PdfExtractionError && error.reason === 'password') {
      return problem('kunne ikke læse PDF: filen er krypteret (beskyttet med adgangskode)');
    }
    if (error instanceof PdfExtractionError && error.reason === 'timeout') {
      return problem(`kunne ikke læse PDF: for langsom at læse (${error.message})`);
    }
    return problem(`kunne ikke læse PDF: ${errorMessage(error)}`);
  }
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
