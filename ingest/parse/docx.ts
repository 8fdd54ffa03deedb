/**
 * Word documents (.docx): a research document. The body comes from mammoth's HTML conversion run through
 * the same HTML→Markdown step as web pages, so Word headings (Heading 1–4 styles) become '#' lines;
 * mammoth's raw-text extraction is the fallback when the HTML route yields nothing.
 * Title, author and year come from the core properties (docProps/core.xml).
 */
import { readDocxCoreProperties } from './docx-core-properties.js';
import { errorMessage } from './error-message.js';
import { htmlToMarkdown } from './html-to-markdown.js';
import { type ParseOutcome, problemOutcome } from './parse-outcome.js';
import { EMPTY_FILE_MESSAGE } from './problem-messages.js';
import { buildResearchDocument } from './research-document.js';

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
/** OLE2 compound file: Word 97–2003 .doc, or a password-protected .docx. */
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0];

/** Skip images entirely: mammoth would otherwise inline each one as a base64 data URI. */

/** Parses DOCX bytes into one research document or one problem ("kunne ikke læse DOCX: …", "tom fil"). */
export async function parseDocx(bytes: Buffer, relativePath: string): Promise<ParseOutcome> {
  const problem = (message: string) => problemOutcome(relativePath, message);
  if (startsWith(bytes, OLE_SIGNATURE)) {
    return problem(
      'kunne ikke læse DOCX: filen er i det gamle Word-format (.doc) eller beskyttet med adgangskode; gem den som .docx uden adgangskode',
    );
  }
  if (!startsWith(bytes, ZIP_SIGNATURE)) return problem('kunne ikke læse DOCX: filen er ikke en DOCX-fil (ikke en zip-pakke)');

  let body: string;
  try {
    // Loaded on first use, like pdf.js: only ingest needs it.
    const { default: mammoth } = await import('mammoth');
    const dropImages = mammoth.images.imgElement(async () => ({ src: '' }));
    const html = await mammoth.convertToHtml({ buffer: bytes }, { convertImage: dropImages });
    body = htmlToMarkdown(html.value);
    if (body.trim() === '') body = (await mammoth.extractRawText({ buffer: bytes })).value;
  } catch (error) {
    return problem(`kunne ikke læse DOCX: ${errorMessage(error)}`);
  }
  if (body.trim() === '') return problem(`${EMPTY_FILE_MESSAGE}: ingen tekst i DOCX`);

  const core = readDocxCoreProperties(bytes);
  return buildResearchDocument({
    relativePath,
    format: 'docx',
    body,
    title: core.title,
    author: core.creator,
    date: core.created,
  });
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}
