import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readDocxCoreProperties } from '../../../../ingest/parse/docx-core-properties.js';
import { parseDocx } from '../../../../ingest/parse/docx.js';
import { parseFile } from '../../../../ingest/parse/parse-file.js';
import { readZipEntry } from '../../../../ingest/parse/read-zip-entry.js';
import { fixturePath } from './fixture-path.js';

describe('parseDocx', () => {
  it('should keep headings, lists and tables and read the core properties when given a Word report', async () => {
    const outcome = await parseFile(fixturePath('rapport.docx'), 'rapporter/rapport.docx');
    expect(outcome.problems).toEqual([]);
    expect(outcome.documents).toEqual([
      {
        id: 'rapport',
        type: 'research',
        title: 'Borgerinddragelse i Sønderborg – slutrapport',
        author: 'Åse Ørum',
        year: 2021,
        innovationType: [],
        methods: [],
        tags: [],
        audience: 'public',
        body:
          '# Borgerinddragelse i Sønderborg\n\nProjektet afprøvede borgerpaneler i tre lokalområder.\n\n## Metode\n\n' +
          '- Workshops med borgere\n- Prototyper på gadeplan\n\n## Resultater\n\n' +
          'Deltagerne var tilfredse, og ældrerådet fortsætter arbejdet.\n\nÅr | Deltagere\n2021 | 140',
        sourcePath: 'rapporter/rapport.docx',
        sourceFormat: 'docx',
      },
    ]);
  });

  it('should take the first heading as title when the core properties have no title', async () => {
    const { documents } = await parseFile(fixturePath('uden-titel.docx'), 'uden-titel.docx');
    expect(documents[0]).toMatchObject({ id: 'uden-titel', title: 'Borgerinddragelse i Sønderborg', author: 'Åse Ørum' });
  });

  it('should report a problem when the .docx is not a zip file', async () => {
    expect((await parseFile(fixturePath('korrupt.docx'), 'korrupt.docx')).problems).toEqual([
      { source: 'korrupt.docx', message: 'kunne ikke læse DOCX: filen er ikke en DOCX-fil (ikke en zip-pakke)' },
    ]);
  });

  it('should explain the old format when a .doc (OLE) file is named .docx', async () => {
    const bytes = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100)]);
    const { problems } = await parseDocx(bytes, 'gammel.docx');
    expect(problems[0]?.message).toMatch(/^kunne ikke læse DOCX: filen er i det gamle Word-format/);
  });

  it('should report "kunne ikke læse DOCX" when a zip has no Word document inside', async () => {
    const truncated = (await readFile(fixturePath('rapport.docx'))).subarray(0, 4000);
    const { documents, problems } = await parseDocx(truncated, 'halv.docx');
    expect(documents).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/^kunne ikke læse DOCX: /);
  });
});

describe('readZipEntry / readDocxCoreProperties', () => {
  it('should read docProps/core.xml when the DOCX has it', async () => {
    const bytes = await readFile(fixturePath('rapport.docx'));
    expect(readZipEntry(bytes, 'docProps/core.xml')?.toString('utf8')).toContain('<dc:creator>Åse Ørum</dc:creator>');
    expect(readDocxCoreProperties(bytes)).toEqual({
      title: 'Borgerinddragelse i Sønderborg – slutrapport',
      creator: 'Åse Ørum',
      created: '2021-03-04T10:00:00Z',
    });
  });

  it('should return undefined instead of throwing when the bytes are not a zip', () => {
    expect(readZipEntry(Buffer.from('nope'), 'docProps/core.xml')).toBeUndefined();
    expect(readDocxCoreProperties(Buffer.alloc(0))).toEqual({});
  });
});
