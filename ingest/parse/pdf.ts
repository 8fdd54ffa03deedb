/**
 * PDF reports (.pdf): a research document. Text via pdf-parse (pdf.js), pages joined with blank lines and
 * paragraph breaks restored heuristically (pdfParagraphs); PDF has no reliable headings, so none are made.
 * Title, author and year come from the PDF Info dictionary (Title, Author, CreationDate). The parser is
 * always destroyed, including on errors, so pdf.js resources are released and nothing keeps the process alive.
 */
import type { DateNode } from 'pdf-parse';
import { errorMessage } from './error-message.js';
import { type ParseOutcome, problemOutcome } from './parse-outcome.js';
import { EMPTY_FILE_MESSAGE } from './problem-messages.js';
import { pdfParagraphs } from './pdf-paragraphs.js';
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

  // pdf-parse copies a Buffer into its own Uint8Array, so the caller's bytes are not detached.
  // Loaded on first use: pdf.js is large, and most processes (the bot, searches) never parse a PDF.
  const { PDFParse, PasswordException } = await import('pdf-parse');
  const parser = new PDFParse({ data: bytes });
  try {
    const info = await parser.getInfo();
    const text = await parser.getText({ pageJoiner: '' });
    const body = text.pages.map((page) => pdfParagraphs(page.text)).join('\n\n');
    if (!/[\p{L}\p{N}]/u.test(body)) return problem(PDF_NO_TEXT_MESSAGE);
    const fields = (info.info ?? {}) as Record<string, unknown>;
    return buildResearchDocument({
      relativePath,
      format: 'pdf',
      body,
      title: stringOrUndefined(fields.Title),
      author: stringOrUndefined(fields.Author),
      date: creationDate(info.getDateNode()),
    });
  } catch (error) {
    if (error instanceof PasswordException) {
      return problem('kunne ikke læse PDF: filen er krypteret (beskyttet med adgangskode)');
    }
    return problem(`kunne ikke læse PDF: ${errorMessage(error)}`);
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

/** The Info dictionary's CreationDate, else the XMP creation date; invalid dates count as absent. */
function creationDate(dates: DateNode): Date | undefined {
  return dates.CreationDate ?? dates.XmpCreateDate ?? undefined;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
