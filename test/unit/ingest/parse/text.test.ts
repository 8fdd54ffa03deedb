import { describe, expect, it } from 'vitest';
import { parseBuffer } from '../../../../ingest/parse/parse-buffer.js';
import { parseFile } from '../../../../ingest/parse/parse-file.js';
import { parseText } from '../../../../ingest/parse/text.js';
import { binaryBlob } from '../../../fixtures/documents/make-fixtures.js';
import { fixturePath } from './fixture-path.js';

describe('parseText', () => {
  it('should take the first line as title and keep paragraphs when given a plain text report', async () => {
    const outcome = await parseFile(fixturePath('rapport.txt'), 'rapport.txt');
    expect(outcome.problems).toEqual([]);
    expect(outcome.documents).toEqual([
      {
        id: 'rapport',
        type: 'research',
        title: 'Erfaringer med tillidsreform i Gentofte',
        innovationType: [],
        methods: [],
        tags: [],
        audience: 'public',
        body:
          'Erfaringer med tillidsreform i Gentofte\n\nGentofte Kommune afskaffede en række registreringskrav i 2018.\n' +
          'Medarbejderne fik mere tid til borgerne.\n\nNæste skridt er at udbrede erfaringerne til hele forvaltningen.',
        sourcePath: 'rapport.txt',
        sourceFormat: 'text',
      },
    ]);
  });

  it('should strip a Markdown heading marker when the first line is a heading', () => {
    expect(parseText('# Æbler\n\nTekst', 'a.txt').documents[0]?.title).toBe('Æbler');
  });

  it('should use the file name as title when the first line is too long to be a title', () => {
    const outcome = parseText(`${'ord '.repeat(60)}\n\nmere`, 'lang-tekst.txt');
    expect(outcome.documents[0]?.title).toBe('lang-tekst');
  });

  it('should collapse runs of blank lines and trailing spaces when the text is untidy', () => {
    expect(parseText('A  \n\n\n\nB\t\tC', 'a.txt').documents[0]?.body).toBe('A\n\nB C');
  });

  it('should report an empty file when the text is whitespace only', async () => {
    expect((await parseBuffer(Buffer.from('  \n \n'), 'a.txt', 'text')).problems).toEqual([{ source: 'a.txt', message: 'tom fil' }]);
  });

  it('should refuse a binary blob named .txt', async () => {
    expect((await parseBuffer(binaryBlob(128), 'a.txt', 'text')).problems).toEqual([
      { source: 'a.txt', message: 'ligner en binær fil, ikke tekst' },
    ]);
  });
});
