import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseFile } from '../../../../ingest/parse/parse-file.js';
import { parsePdf } from '../../../../ingest/parse/pdf.js';
import { extractPdf } from '../../../../ingest/parse/pdf-worker.js';
import { buildLongPdf, buildPdf } from '../../../fixtures/documents/make-fixtures.js';
import { fixturePath } from './fixture-path.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

afterEach(() => {
  vi.restoreAllMocks();
});

describe('parsePdf', () => {
  it('should read title, author, year and text with Danish letters when given a report PDF', async () => {
    const outcome = await parseFile(fixturePath('rapport.pdf'), 'rapporter/rapport.pdf');
    expect(outcome.problems).toEqual([]);
    expect(outcome.documents).toHaveLength(1);
    const document = outcome.documents[0]!;
    expect(document).toMatchObject({
      id: 'rapport',
      type: 'research',
      title: 'Evaluering af velfærdsteknologi på Ærø',
      author: 'Søren Ågård',
      year: 2019,
      audience: 'public',
      sourcePath: 'rapporter/rapport.pdf',
      sourceFormat: 'pdf',
    });
    expect(document.body).toContain('Rapporten samler erfaringerne fra tre års forsøg med skærmbesøg i hjemmeplejen.');
    expect(document.body).toContain('Side to handler om skalering til flere øer');
  });

  it('should separate pages and paragraphs with blank lines when the PDF has several', async () => {
    const { documents } = await parseFile(fixturePath('rapport.pdf'), 'rapport.pdf');
    const paragraphs = documents[0]!.body.split('\n\n');
    expect(paragraphs[0]).toBe('Velfærdsteknologi på Ærø');
    expect(paragraphs).toContain('Kort afsnit om økonomi.');
    expect(paragraphs.at(-1)).toMatch(/^Side to handler/);
  });

  it('should fall back to the first line when the PDF has no Title', async () => {
    const bytes = await buildPdf([['Notat om frikommuner', 'Brødtekst.']]);
    const { documents } = await parsePdf(bytes, 'notat.pdf');
    expect(documents[0]?.title).toBe('Notat om frikommuner');
    expect(documents[0]).not.toHaveProperty('author');
  });

  it('should ignore a generator title when the PDF Title is a Word file name', async () => {
    const bytes = await buildPdf([['Rigtig overskrift', 'Tekst.']], { title: 'Microsoft Word - Dokument1.docx' });
    expect((await parsePdf(bytes, 'a.pdf')).documents[0]?.title).toBe('Rigtig overskrift');
  });

  it('should report "ingen tekst i PDF (scannet?)" when the PDF has no extractable text', async () => {
    expect((await parseFile(fixturePath('scannet.pdf'), 'scannet.pdf')).problems).toEqual([
      { source: 'scannet.pdf', message: 'ingen tekst i PDF (scannet?)' },
    ]);
  });

  it('should report an encrypted PDF when it needs a password', async () => {
    expect((await parseFile(fixturePath('krypteret.pdf'), 'krypteret.pdf')).problems).toEqual([
      { source: 'krypteret.pdf', message: 'kunne ikke læse PDF: filen er krypteret (beskyttet med adgangskode)' },
    ]);
  });

  it('should report "kunne ikke læse PDF" when the PDF is truncated', async () => {
    const outcome = await parseFile(fixturePath('afkortet.pdf'), 'afkortet.pdf');
    expect(outcome.documents).toEqual([]);
    expect(outcome.problems).toHaveLength(1);
    expect(outcome.problems[0]!.message).toMatch(/^kunne ikke læse PDF: \S/);
  });

  it('should report "kunne ikke læse PDF" when random bytes are named .pdf', async () => {
    expect((await parseFile(fixturePath('ikke-en-pdf.pdf'), 'ikke-en-pdf.pdf')).problems).toEqual([
      { source: 'ikke-en-pdf.pdf', message: 'kunne ikke læse PDF: filen er ikke en PDF (mangler %PDF-header)' },
    ]);
  });

  it('should report "kunne ikke læse PDF" when there is a PDF header but garbage after it', async () => {
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(400, 0x41)]);
    const { problems } = await parsePdf(bytes, 'a.pdf');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/^kunne ikke læse PDF: /);
  });

  it('should give up a PDF that takes longer than the time limit, and read the next one with a fresh reader', async () => {
    const slow = extractPdf(await buildLongPdf(10), 1);
    await expect(slow).rejects.toMatchObject({ name: 'PdfExtractionError', reason: 'timeout' });
    const { documents, problems } = await parsePdf(await readFile(fixturePath('rapport.pdf')), 'a.pdf');
    expect(problems).toEqual([]);
    expect(documents).toHaveLength(1);
  });

  it('should read several PDFs at once, each with its own text', async () => {
    const [first, second] = await Promise.all([
      parsePdf(await readFile(fixturePath('rapport.pdf')), 'a.pdf'),
      parsePdf(await buildLongPdf(3), 'b.pdf'),
    ]);
    expect(first.documents[0]!.sourcePath).toBe('a.pdf');
    expect(second.documents[0]!.body).toContain('Kapitel 3:');
    expect(first.documents[0]!.body).not.toContain('Kapitel 3:');
  });

  it('should not detach or change the caller\'s buffer when parsing', async () => {
    const bytes = await readFile(fixturePath('rapport.pdf'));
    const copy = Buffer.from(bytes);
    await parsePdf(bytes, 'a.pdf');
    expect(bytes.equals(copy)).toBe(true);
  });

  it('should parse a 10-page PDF quickly and in page order when timed', async () => {
    const bytes = await buildLongPdf(10);
    await parsePdf(await readFile(fixturePath('rapport.pdf')), 'warm-up.pdf'); // pdf.js loads its worker module once
    const started = performance.now();
    const { documents, problems } = await parsePdf(bytes, 'lang.pdf');
    const elapsed = performance.now() - started;
    console.info(`10-page PDF (${bytes.length} bytes) parsed in ${elapsed.toFixed(0)} ms`);
    expect(problems).toEqual([]);
    const body = documents[0]!.body;
    expect(body.indexOf('Kapitel 1:')).toBeLessThan(body.indexOf('Kapitel 10:'));
    expect(elapsed).toBeLessThan(5000);
  });

  it('should let the process exit on its own when PDFs have been parsed', async () => {
    const script = [
      "import { readFile } from 'node:fs/promises';",
      "import { parseBuffer } from './ingest/parse/index.ts';",
      "const good = await readFile('test/fixtures/documents/rapport.pdf');",
      "const bad = await readFile('test/fixtures/documents/afkortet.pdf');",
      "for (let i = 0; i < 5; i++) { await parseBuffer(good, 'a.pdf', 'pdf'); await parseBuffer(bad, 'b.pdf', 'pdf'); }",
      "console.log('done');",
    ].join('\n');
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: REPO_ROOT,
      timeout: 20_000,
    });
    expect(stdout.trim()).toBe('done');
  }, 30_000);
});
