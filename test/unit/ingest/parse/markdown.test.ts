import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseBuffer } from '../../../../ingest/parse/parse-buffer.js';
import { parseFile } from '../../../../ingest/parse/parse-file.js';
import { parseMarkdown } from '../../../../ingest/parse/markdown.js';
import { fixturePath } from './fixture-path.js';

/** The single problem message of an outcome that must hold exactly one problem and no documents. */
function onlyProblem(outcome: { documents: unknown[]; problems: { source: string; message: string }[] }): string {
  expect(outcome.documents).toEqual([]);
  expect(outcome.problems).toHaveLength(1);
  return outcome.problems[0]!.message;
}

describe('parseMarkdown', () => {
  it('should read every front matter field and keep the body when the case file is complete', async () => {
    const outcome = await parseFile(fixturePath('case-aeroe-skaermbesoeg.md'), 'cases/case-aeroe-skaermbesoeg.md');
    expect(outcome.problems).toEqual([]);
    expect(outcome.documents).toEqual([
      {
        id: 'aeroe-skaermbesoeg',
        type: 'case',
        title: 'Skærmbesøg i hjemmeplejen på Ærø',
        organisation: 'Ærø Kommune',
        organisationType: 'kommune',
        region: 'Syddanmark',
        year: 2016,
        endYear: 2019,
        policyArea: 'Ældre og sundhed',
        innovationType: ['teknologisk'],
        methods: ['Prototyping', 'Brugerrejser'],
        status: 'skaleret',
        contact: { name: 'Søren Ågård', role: 'Projektleder', email: 'soren@aeroe.dk', phone: '62520000' },
        sourceUrl: 'https://www.aeroekommune.dk/skaermbesoeg',
        tags: ['velfærdsteknologi', 'hjemmepleje'],
        audience: 'internal',
        body: '# Baggrund\n\nHjemmeplejen på Ærø havde lange køreture mellem borgerne.\n\n## Løsning\n\n- Skærmbesøg om morgenen\n- Fysiske besøg efter behov',
        sourcePath: 'cases/case-aeroe-skaermbesoeg.md',
        sourceFormat: 'markdown',
      },
    ]);
  });

  it('should derive the id from a Danish file name when the front matter has no id', async () => {
    const outcome = await parseFile(fixturePath('Borgerinddragelse på Ærø.md'), 'metoder/Borgerinddragelse på Ærø.md');
    expect(outcome.problems).toEqual([]);
    expect(outcome.documents[0]).toMatchObject({
      id: 'borgerinddragelse-paa-aeroe',
      type: 'method',
      title: 'Borgerinddragelse med walk-and-talk',
      body: 'Gå en tur med borgeren, og lyt.',
      audience: 'public',
    });
    expect(outcome.documents[0]).not.toHaveProperty('organisation');
  });

  it('should report the file line of the YAML error when the front matter is broken', () => {
    const text = '---\ntype: case\ntitle: [Ubalanceret\norganisation: X\n---\nTekst';
    const message = onlyProblem(parseMarkdown(text, 'a.md'));
    expect(message).toMatch(/^ugyldig YAML i front matter \(linje \d+\): /);
    expect(message).toContain('linje 4');
  });

  it('should report a duplicate key as a YAML error when a field appears twice', () => {
    expect(onlyProblem(parseMarkdown('---\ntitle: a\ntitle: b\n---\nx', 'a.md'))).toBe(
      'ugyldig YAML i front matter (linje 3): Map keys must be unique',
    );
  });

  it('should name the missing field when a required field is absent', () => {
    const outcome = parseMarkdown('---\ntype: case\norganisation: X\n---\nTekst', 'a.md');
    expect(onlyProblem(outcome)).toBe('front matter field "title": is required');
    expect(outcome.problems[0]!.source).toBe('a.md');
  });

  it('should name the field and the allowed values when an enum value is wrong', () => {
    const text = '---\ntype: case\ntitle: T\norganisation: X\norganisation_type: kommunal\n---\nTekst';
    expect(onlyProblem(parseMarkdown(text, 'a.md'))).toBe(
      'front matter field "organisation_type": must be one of kommune, region, stat, andet (got "kommunal")',
    );
  });

  it('should report all wrong fields in one problem when several are wrong', () => {
    const text = '---\ntype: case\ntitle: T\nregion: Fyn\nyear: nu\n---\nTekst';
    const message = onlyProblem(parseMarkdown(text, 'a.md'));
    expect(message).toContain('"organisation"');
    expect(message).toContain('"region"');
    expect(message).toContain('"year"');
  });

  it('should ask for front matter when the file has none', () => {
    expect(onlyProblem(parseMarkdown('# Overskrift\n\nTekst', 'a.md'))).toBe('mangler front matter (--- … --- øverst i filen)');
  });

  it('should say the front matter is not closed when the closing line is missing', () => {
    expect(onlyProblem(parseMarkdown('---\ntype: case\ntitle: T\n', 'a.md'))).toMatch(/ikke afsluttet/);
  });

  it('should report an empty file when the file is empty or whitespace only', async () => {
    expect(onlyProblem(await parseBuffer(Buffer.alloc(0), 'a.md', 'markdown'))).toBe('tom fil');
    expect(onlyProblem(await parseBuffer(Buffer.from(' \n\t\n'), 'a.md', 'markdown'))).toBe('tom fil');
  });

  it('should report an empty file when the front matter has no body after it', () => {
    const text = '---\ntype: method\ntitle: T\n---\n\n  \n';
    expect(onlyProblem(parseMarkdown(text, 'a.md'))).toBe('tom fil: ingen tekst efter front matter');
  });

  it('should refuse front matter that is a list when it is not key: value pairs', () => {
    expect(onlyProblem(parseMarkdown('---\n- a\n- b\n---\nTekst', 'a.md'))).toMatch(/^front matter skal være felter/);
  });

  it('should report missing type and title when the front matter is empty', () => {
    const message = onlyProblem(parseMarkdown('---\n---\nTekst', 'a.md'));
    expect(message).toContain('"type": is required');
    expect(message).toContain('"title": is required');
  });

  it('should refuse the file when a binary blob has a .md name', async () => {
    expect(onlyProblem(await parseFile(fixturePath('binaer-blob.md'), 'binaer-blob.md'))).toBe('ligner en binær fil, ikke tekst');
  });

  it('should accept CRLF line endings and a BOM when the file comes from Windows', async () => {
    const bytes = Buffer.from('\uFEFF---\r\ntype: method\r\ntitle: Æblemetoden\r\n---\r\nLinje ét\r\n', 'utf8');
    const outcome = await parseBuffer(bytes, 'win.md', 'markdown');
    expect(outcome.problems).toEqual([]);
    expect(outcome.documents[0]).toMatchObject({ title: 'Æblemetoden', body: 'Linje ét' });
  });

  it('should read the same fixture bytes through parseBuffer as through parseFile', async () => {
    const bytes = await readFile(fixturePath('case-aeroe-skaermbesoeg.md'));
    const viaBuffer = await parseBuffer(bytes, 'x.md', 'markdown');
    expect(viaBuffer.documents[0]?.title).toBe('Skærmbesøg i hjemmeplejen på Ærø');
  });
});
