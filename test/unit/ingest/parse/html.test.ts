import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../../../ingest/parse/html.js';
import { parseFile } from '../../../../ingest/parse/parse-file.js';
import { parseBuffer } from '../../../../ingest/parse/parse-buffer.js';
import { fixturePath } from './fixture-path.js';

describe('parseHtml', () => {
  it('should read title, author, year and the <main> content when given a saved web page', async () => {
    const outcome = await parseFile(fixturePath('rapport.html'), 'web/rapport.html');
    expect(outcome.problems).toEqual([]);
    expect(outcome.documents).toEqual([
      {
        id: 'rapport',
        type: 'research',
        title: 'Samskabelse i Aarhus',
        author: 'Mette Østergaard',
        year: 2022,
        innovationType: [],
        methods: [],
        tags: [],
        audience: 'public',
        body:
          '# Samskabelse i Aarhus\n\nAarhus Kommune har arbejdet med samskabelse & frivillige i boligområderne.\n\n' +
          '## Erfaringer\n\n- Start småt\n- Giv plads til borgernes idéer\n\n### Økonomi\n\nProjektet kostede 1,2 mio. kr.',
        sourcePath: 'web/rapport.html',
        sourceFormat: 'html',
      },
    ]);
  });

  it('should use the <title> when it is not just the h1 plus a site name', () => {
    const outcome = parseHtml('<title>Rapport om ældre</title><body><h1>Indledning</h1><p>Tekst</p></body>', 'a.html');
    expect(outcome.documents[0]?.title).toBe('Rapport om ældre');
  });

  it('should fall back to the first <h1> and the first <time> when there is no <title> or date meta', () => {
    const html = '<body><article><h1>Nyhed</h1><time datetime="2020-02-03">3. feb.</time><p>Tekst</p></article></body>';
    expect(parseHtml(html, 'a.htm').documents[0]).toMatchObject({ title: 'Nyhed', year: 2020 });
  });

  it('should fall back to the first line and leave author and year absent when the page has no metadata', () => {
    const document = parseHtml('<p>Kort note om tillid</p><p>Mere</p>', 'note.html').documents[0];
    expect(document).toMatchObject({ title: 'Kort note om tillid', id: 'note' });
    expect(document).not.toHaveProperty('author');
    expect(document).not.toHaveProperty('year');
  });

  it('should report an empty file when the page has no text', () => {
    expect(parseHtml('<html><head><title>T</title></head><body><script>x</script></body></html>', 'a.html').problems).toEqual([
      { source: 'a.html', message: 'tom fil' },
    ]);
  });

  it('should refuse a binary blob named .html', async () => {
    const outcome = await parseBuffer(Buffer.from([0x3c, 0x00, 0xff, 0x10, 0x00]), 'a.html', 'html');
    expect(outcome.problems).toEqual([{ source: 'a.html', message: 'ligner en binær fil, ikke tekst' }]);
  });
});
