/**
 * Builds the sample library's binary research documents (PDF and DOCX) from the Markdown sources in
 * `scripts/sample-binaries/`, and writes them to `data/library/rapporter/`.
 *
 * Why: the library must contain real PDF/DOCX files so the ingest parsers are exercised on them, but binary files
 * cannot be reviewed in a diff. The readable source lives here; the binaries are generated and committed.
 *
 * Run with `npx tsx scripts/build-sample-binaries.ts` from the repository root (or anywhere: paths are resolved
 * from this file). Output is deterministic: PDF/DOCX creation dates come from each source's `date`, and the DOCX
 * zip entries are stamped with the same fixed time.
 *
 * Source format: YAML front matter with `output` (file name ending in .pdf or .docx), `title`, `author`, `date`
 * (YYYY-MM-DD) and optional `source_url`; then a small Markdown subset: `#`/`##`/`###` headings, paragraphs,
 * `- ` bullets, `1. ` numbered items and `**bold**` spans.
 */
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { parse as parseYaml } from 'yaml';

const SCRIPTS_DIR = path.dirname(fileURLToPath(import.meta.url));
const SOURCE_DIR = path.join(SCRIPTS_DIR, 'sample-binaries');
const OUTPUT_DIR = path.join(SCRIPTS_DIR, '..', 'data', 'library', 'rapporter');

/** Metadata from a source file's front matter. */
interface SourceMeta {
  output: string;
  title: string;
  author: string;
  date: Date;
  sourceUrl?: string;
}

/** One block of the Markdown subset. `text` may contain `**bold**` spans. */
type Block =
  | { kind: 'h1' | 'h2' | 'h3' | 'p'; text: string }
  | { kind: 'bullet'; text: string }
  | { kind: 'numbered'; number: string; text: string };

/** A run of text that is either bold or not. */
interface Span {
  text: string;
  bold: boolean;
}

/** Splits a source file into validated metadata and Markdown body; throws naming the file and field on error. */
function parseSource(fileName: string, raw: string): { meta: SourceMeta; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(raw);
  if (!match) throw new Error(`${fileName}: missing YAML front matter between --- lines`);
  const data = parseYaml(match[1]) as Record<string, unknown>;
  const required = (field: string): string => {
    const value = data[field];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new Error(`${fileName}: front matter field "${field}" must be a non-empty string`);
    }
    return value;
  };
  const output = required('output');
  if (!/\.(pdf|docx)$/.test(output)) throw new Error(`${fileName}: "output" must end in .pdf or .docx, got "${output}"`);
  const rawDate = data.date instanceof Date ? data.date.toISOString().slice(0, 10) : String(data.date ?? '');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(rawDate)) throw new Error(`${fileName}: "date" must be YYYY-MM-DD, got "${rawDate}"`);
  const sourceUrl = typeof data.source_url === 'string' ? data.source_url : undefined;
  return {
    meta: { output, title: required('title'), author: required('author'), date: new Date(`${rawDate}T09:00:00Z`), sourceUrl },
    body: match[2],
  };
}

/** Parses the Markdown subset into blocks; consecutive text lines join into one paragraph. */
function parseBlocks(body: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length > 0) blocks.push({ kind: 'p', text: paragraph.join(' ') });
    paragraph = [];
  };
  for (const rawLine of body.split(/\r?\n/)) {
    const line = rawLine.trim();
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    const bullet = /^-\s+(.*)$/.exec(line);
    const numbered = /^(\d+)\.\s+(.*)$/.exec(line);
    if (line === '') flush();
    else if (heading) {
      flush();
      const kind = heading[1].length === 1 ? 'h1' : heading[1].length === 2 ? 'h2' : 'h3';
      blocks.push({ kind, text: heading[2] });
    } else if (bullet) {
      flush();
      blocks.push({ kind: 'bullet', text: bullet[1] });
    } else if (numbered) {
      flush();
      blocks.push({ kind: 'numbered', number: numbered[1], text: numbered[2] });
    } else paragraph.push(line);
  }
  flush();
  return blocks;
}

/** Splits `**bold**` markup into spans. */
function toSpans(text: string): Span[] {
  return text
    .split(/(\*\*[^*]+\*\*)/)
    .filter((part) => part !== '')
    .map((part) => (part.startsWith('**') && part.endsWith('**') ? { text: part.slice(2, -2), bold: true } : { text: part, bold: false }));
}

/** Renders blocks to a PDF buffer with Helvetica (WinAnsi covers æøå) and the given document info. */
function renderPdf(meta: SourceMeta, blocks: Block[]): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 64, bottom: 64, left: 64, right: 64 },
    info: { Title: meta.title, Author: meta.author, CreationDate: meta.date, ModDate: meta.date, Subject: meta.sourceUrl ?? meta.title },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const writeSpans = (spans: Span[], size: number, options: PDFKit.Mixins.TextOptions = {}): void => {
    spans.forEach((span, index) => {
      doc
        .font(span.bold ? 'Helvetica-Bold' : 'Helvetica')
        .fontSize(size)
        .text(span.text, { ...options, continued: index < spans.length - 1 });
    });
  };

  for (const block of blocks) {
    switch (block.kind) {
      case 'h1':
        doc.font('Helvetica-Bold').fontSize(20).text(block.text).moveDown(0.6);
        break;
      case 'h2':
        doc.moveDown(0.4).font('Helvetica-Bold').fontSize(15).text(block.text).moveDown(0.3);
        break;
      case 'h3':
        doc.moveDown(0.2).font('Helvetica-Bold').fontSize(12.5).text(block.text).moveDown(0.2);
        break;
      case 'p':
        writeSpans(toSpans(block.text), 11, { align: 'left', lineGap: 2 });
        doc.moveDown(0.6);
        break;
      case 'bullet':
        writeSpans([{ text: '• ', bold: false }, ...toSpans(block.text)], 11, { indent: 12, lineGap: 2 });
        doc.moveDown(0.25);
        break;
      case 'numbered':
        writeSpans([{ text: `${block.number}. `, bold: false }, ...toSpans(block.text)], 11, { indent: 12, lineGap: 2 });
        doc.moveDown(0.25);
        break;
    }
  }
  doc.end();
  return done;
}

/** Escapes text for XML element content. */
function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The DOCX core properties part, written by hand because docx 9 always stamps `dcterms:created` with the current
 * time and has no option for it; replacing the part keeps title/creator and gives a fixed created date.
 */
function coreXml(meta: SourceMeta): string {
  const when = meta.date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    `<dc:title>${escapeXml(meta.title)}</dc:title>`,
    `<dc:creator>${escapeXml(meta.author)}</dc:creator>`,
    meta.sourceUrl ? `<dc:description>${escapeXml(meta.sourceUrl)}</dc:description>` : '',
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>`,
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>`,
    '</cp:coreProperties>',
  ].join('');
}

/** Renders blocks to a DOCX buffer with real Heading1/Heading2/Heading3 styles and bullet paragraphs. */
async function renderDocx(meta: SourceMeta, blocks: Block[]): Promise<Buffer> {
  const runs = (text: string): TextRun[] => toSpans(text).map((span) => new TextRun({ text: span.text, bold: span.bold }));
  const children = blocks.map((block) => {
    switch (block.kind) {
      case 'h1':
        return new Paragraph({ heading: HeadingLevel.HEADING_1, children: runs(block.text) });
      case 'h2':
        return new Paragraph({ heading: HeadingLevel.HEADING_2, children: runs(block.text) });
      case 'h3':
        return new Paragraph({ heading: HeadingLevel.HEADING_3, children: runs(block.text) });
      case 'bullet':
        return new Paragraph({ bullet: { level: 0 }, children: runs(block.text) });
      case 'numbered':
        return new Paragraph({ children: [new TextRun(`${block.number}. `), ...runs(block.text)] });
      case 'p':
        return new Paragraph({ children: runs(block.text) });
    }
  });
  const doc = new Document({
    title: meta.title,
    creator: meta.author,
    description: meta.sourceUrl,
    sections: [{ children }],
  });
  // The zip writer stamps entries with Date.now(); pin it so the output is byte-for-byte reproducible.
  const realNow = Date.now;
  Date.now = () => meta.date.getTime();
  try {
    return await Packer.toBuffer(doc, false, [{ path: 'docProps/core.xml', data: coreXml(meta) }]);
  } finally {
    Date.now = realNow;
  }
}

/** Builds every source in `scripts/sample-binaries/` and reports what it wrote. */
async function main(): Promise<void> {
  await mkdir(OUTPUT_DIR, { recursive: true });
  const files = (await readdir(SOURCE_DIR)).filter((name) => name.endsWith('.md')).sort();
  if (files.length === 0) throw new Error(`No .md sources found in ${SOURCE_DIR}`);
  for (const fileName of files) {
    const { meta, body } = parseSource(fileName, await readFile(path.join(SOURCE_DIR, fileName), 'utf8'));
    const blocks = parseBlocks(body);
    const buffer = meta.output.endsWith('.pdf') ? await renderPdf(meta, blocks) : await renderDocx(meta, blocks);
    const target = path.join(OUTPUT_DIR, meta.output);
    await writeFile(target, buffer);
    console.log(`wrote ${path.relative(process.cwd(), target)} (${buffer.length} bytes) from ${fileName}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
