import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatForPath, parseBuffer, parseFile } from '../../../../ingest/parse/index.js';
import type { SourceFormat } from '../../../../knowledge/documents/library-document.js';
import { binaryBlob } from '../../../fixtures/documents/make-fixtures.js';

describe('formatForPath', () => {
  it('should map every library extension, case-insensitively', () => {
    expect(formatForPath('a.md')).toBe('markdown');
    expect(formatForPath('a.MARKDOWN')).toBe('markdown');
    expect(formatForPath('dir/a.PDF')).toBe('pdf');
    expect(formatForPath('a.docx')).toBe('docx');
    expect(formatForPath('a.htm')).toBe('html');
    expect(formatForPath('a.html')).toBe('html');
    expect(formatForPath('a.txt')).toBe('text');
    expect(formatForPath('a.csv')).toBe('csv');
    expect(formatForPath('a.json')).toBe('json');
  });

  it('should return undefined when the file is not a library file', () => {
    expect(formatForPath('a.doc')).toBeUndefined();
    expect(formatForPath('a.xlsx')).toBeUndefined();
    expect(formatForPath('README')).toBeUndefined();
    expect(formatForPath('.DS_Store')).toBeUndefined();
    expect(formatForPath('dir/~$rapport.docx')).toBeUndefined();
    expect(formatForPath('dir/._rapport.pdf')).toBeUndefined();
  });
});

describe('parseFile', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'kc-parse-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('should report a problem instead of throwing when the file does not exist', async () => {
    const outcome = await parseFile(path.join(dir, 'mangler.md'), 'mangler.md');
    expect(outcome.documents).toEqual([]);
    expect(outcome.problems).toEqual([{ source: 'mangler.md', message: expect.stringMatching(/^kunne ikke læse filen \(ENOENT\): /) }]);
  });

  it('should report a problem when the path is a directory', async () => {
    const outcome = await parseFile(dir, 'mappe.md');
    expect(outcome.problems[0]?.message).toMatch(/^kunne ikke læse filen \(EISDIR\)/);
  });

  it('should report an unknown file type when the extension is not a library format', async () => {
    await writeFile(path.join(dir, 'regneark.xlsx'), 'x');
    expect((await parseFile(path.join(dir, 'regneark.xlsx'), 'regneark.xlsx')).problems).toEqual([
      { source: 'regneark.xlsx', message: 'ikke en biblioteksfil: ukendt filtype .xlsx' },
    ]);
  });
});

describe('parseBuffer', () => {
  const formats: SourceFormat[] = ['markdown', 'pdf', 'docx', 'html', 'text', 'csv', 'json'];

  it.each(formats)('should give exactly one problem and never throw when %s input is a binary blob', async (format) => {
    const outcome = await parseBuffer(binaryBlob(2048, 3), `blob.${format}`, format);
    expect(outcome.documents).toEqual([]);
    expect(outcome.problems).toHaveLength(1);
    expect(outcome.problems[0]!.source).toBe(`blob.${format}`);
  });

  it.each(formats)('should report "tom fil" when %s input is empty', async (format) => {
    expect((await parseBuffer(Buffer.alloc(0), `tom.${format}`, format)).problems).toEqual([
      { source: `tom.${format}`, message: 'tom fil' },
    ]);
  });
});
