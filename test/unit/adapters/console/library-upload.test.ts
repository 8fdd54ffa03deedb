/**
 * The upload's file names: safe to write under LIBRARY_DIR/uploads/ (no folders, no hidden or Word lock names), and
 * still the adviser's own name where it can be (it gives the document's default id).
 */
import { describe, expect, it } from 'vitest';
import { acceptedExtension, safeFileName } from '../../../../adapters/console/library-upload.js';

describe('safeFileName', () => {
  it('should keep a Danish name as it is, with the extension in lower case', () => {
    expect(safeFileName('Borgerinddragelse på Ærø.MD')).toBe('Borgerinddragelse på Ærø.md');
  });

  it('should drop any folder, from either kind of slash, so nothing is written outside the upload folder', () => {
    expect(safeFileName('../../etc/passwd.md')).toBe('passwd.md');
    expect(safeFileName('C:\\Users\\bo\\rapport.pdf')).toBe('rapport.pdf');
  });

  it('should strip what would make the ingest skip the file (a leading dot, a Word lock prefix)', () => {
    expect(safeFileName('.skjult.md')).toBe('skjult.md');
    expect(safeFileName('~$rapport.docx')).toBe('rapport.docx');
  });

  it('should replace characters outside letters, digits and a few marks, and fall back to "dokument" when nothing is left', () => {
    expect(safeFileName('plan <2024>|final?.html')).toBe('plan -2024-final.html');
    expect(safeFileName('???.csv')).toBe('dokument.csv');
  });

  it('should cut a very long name to 120 characters before the extension', () => {
    expect(safeFileName(`${'a'.repeat(300)}.md`)).toBe(`${'a'.repeat(120)}.md`);
  });
});

describe('acceptedExtension', () => {
  it('should take the library formats in any case and refuse others', () => {
    expect(['x.md', 'x.PDF', 'x.docx', 'x.html', 'x.htm', 'x.csv', 'x.json'].map(acceptedExtension)).toEqual(['.md', '.pdf', '.docx', '.html', '.htm', '.csv', '.json']);
    expect(['x.png', 'x.exe', 'x', 'x.md.zip'].map(acceptedExtension)).toEqual([undefined, undefined, undefined, undefined]);
  });
});
