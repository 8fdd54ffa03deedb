import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../../ingest/parse/csv.js';
import { detectCsvDelimiter } from '../../../../ingest/parse/detect-csv-delimiter.js';
import { parseFile } from '../../../../ingest/parse/parse-file.js';
import { fixturePath } from './fixture-path.js';

const HEADER = 'title,organisation,description';

describe('parseCsv', () => {
  it('should make one document per row with lists, contact and a multi-line description when given a comma CSV', async () => {
    const outcome = await parseFile(fixturePath('cases.csv'), 'eksport/cases.csv');
    expect(outcome.problems).toEqual([]);
    expect(outcome.documents).toEqual([
      {
        id: 'cases-groenne-tage-i-hoeje-taastrup',
        type: 'case',
        title: 'Grønne tage i Høje-Taastrup',
        organisation: 'Høje-Taastrup Kommune',
        organisationType: 'kommune',
        region: 'Hovedstaden',
        year: 2019,
        policyArea: 'Klima',
        innovationType: ['samarbejdsdrevet', 'teknologisk'],
        methods: ['Partnerskaber'],
        status: 'afsluttet',
        contact: { name: 'Åse Ørum', email: 'ase@htk.dk' },
        tags: ['klima', 'byrum'],
        audience: 'public',
        body: 'Kommunen anlagde grønne tage.\n\nBorgerne hjalp med vedligehold.',
        sourcePath: 'eksport/cases.csv#2',
        sourceFormat: 'csv',
      },
      {
        id: 'skole-lab',
        type: 'case',
        title: 'Skolelab i Odense',
        organisation: 'Odense Kommune',
        organisationType: 'kommune',
        region: 'Syddanmark',
        year: 2021,
        policyArea: 'Børn og unge',
        innovationType: ['medarbejderdreven'],
        methods: [],
        status: 'igangværende',
        tags: ['skole'],
        audience: 'public',
        body: 'Lærerne afprøvede nye undervisningsformer.',
        sourcePath: 'eksport/cases.csv#5',
        sourceFormat: 'csv',
      },
      {
        id: 'cases-design-sprint',
        type: 'method',
        title: 'Design-sprint',
        innovationType: [],
        methods: ['Prototyping', 'Test'],
        tags: [],
        audience: 'public',
        body: 'Fem dage fra problem til testet prototype.',
        sourcePath: 'eksport/cases.csv#6',
        sourceFormat: 'csv',
      },
    ]);
  });

  it('should detect ";" and skip the UTF-8 BOM when given a Danish Excel export', async () => {
    const outcome = await parseFile(fixturePath('cases-semikolon.csv'), 'cases-semikolon.csv');
    expect(outcome.problems).toEqual([]);
    expect(outcome.documents[0]).toMatchObject({
      title: 'Samarbejde om ældrepleje',
      organisation: 'Region Midtjylland',
      region: 'Midtjylland',
      innovationType: ['brugerdreven', 'samarbejdsdrevet'],
      sourcePath: 'cases-semikolon.csv#2',
    });
  });

  it('should read Windows-1252 text and spaced header names when the CSV comes from old Excel', async () => {
    const outcome = await parseFile(fixturePath('excel-export.csv'), 'excel-export.csv');
    expect(outcome.problems).toEqual([]);
    expect(outcome.documents[0]).toMatchObject({
      title: 'Grøn omstilling i Næstved',
      organisation: 'Næstved Kommune',
      organisationType: 'kommune',
      region: 'Sjælland',
      tags: ['klima', 'indkøb'],
      body: 'Kommunen omlagde indkøb til økologi.',
    });
  });

  it('should name the missing columns when required columns are absent', () => {
    expect(parseCsv('name,organisation\nA,B\n', 'x.csv').problems).toEqual([
      { source: 'x.csv', message: 'CSV mangler kolonner: title, description (fandt: name, organisation)' },
    ]);
  });

  it('should report the line of a ragged row and still return the other rows', () => {
    const outcome = parseCsv(`${HEADER}\nA,Org,Tekst\nB,Org\nC,Org,Tekst,ekstra\nD,Org,Tekst,\n`, 'x.csv');
    expect(outcome.documents.map((document) => document.title)).toEqual(['A', 'D']);
    expect(outcome.problems).toEqual([
      { source: 'x.csv#3', message: 'linje 3 har 2 felter, men overskriften har 3' },
      { source: 'x.csv#4', message: 'linje 4 har 4 felter, men overskriften har 3' },
    ]);
  });

  it('should report a bad row with its line and the column, and keep the good rows', () => {
    const outcome = parseCsv(`${HEADER},region,contact_email\nA,Org,Tekst,Fyn,\nB,Org,Tekst,,b(at)x.dk\nC,Org,Tekst,,\n`, 'x.csv');
    expect(outcome.documents.map((document) => document.title)).toEqual(['C']);
    expect(outcome.problems).toEqual([
      {
        source: 'x.csv#2',
        message:
          'column "region": must be one of Hovedstaden, Sjælland, Syddanmark, Midtjylland, Nordjylland, national (got "Fyn")',
      },
      { source: 'x.csv#3', message: expect.stringMatching(/^column "contact_email": must be an e-mail address/) },
    ]);
  });

  it('should require a description for each row when the cell is empty', () => {
    expect(parseCsv(`${HEADER}\nA,Org,\n`, 'x.csv').problems).toEqual([
      { source: 'x.csv#2', message: 'column "description": is required (the text of the case)' },
    ]);
  });

  it('should refuse a second row with the same id when ids collide', () => {
    const outcome = parseCsv(`${HEADER}\nA,Org,Tekst\nA,Org,Anden tekst\n`, 'x.csv');
    expect(outcome.documents).toHaveLength(1);
    expect(outcome.problems[0]).toEqual({
      source: 'x.csv#3',
      message: 'duplicate id "x-a" (already used by row 2); give the row its own id',
    });
  });

  it('should report an empty file when there is only a header', () => {
    expect(parseCsv(`${HEADER}\n`, 'x.csv').problems).toEqual([
      { source: 'x.csv', message: 'tom fil: kun overskriftslinjen, ingen rækker' },
    ]);
  });

  it('should report the line when a quote is never closed', () => {
    const { problems, documents } = parseCsv(`${HEADER}\nA,Org,"Tekst\n`, 'x.csv');
    expect(documents).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/^ugyldig CSV \(linje \d+\): /);
  });

  it('should skip filler rows when every cell is empty', () => {
    const outcome = parseCsv(`${HEADER}\n,,\nA,Org,Tekst\n`, 'x.csv');
    expect(outcome).toMatchObject({ problems: [], documents: [{ title: 'A', sourcePath: 'x.csv#3' }] });
  });

  it('should refuse a header that repeats a column', () => {
    expect(parseCsv('title,Title,organisation,description\n', 'x.csv').problems[0]?.message).toBe(
      'CSV har samme kolonne flere gange: title',
    );
  });
});

describe('detectCsvDelimiter', () => {
  it('should pick the delimiter that occurs most outside quotes', () => {
    expect(detectCsvDelimiter('a,b,c')).toBe(',');
    expect(detectCsvDelimiter('a;b;"c,d,e"')).toBe(';');
    expect(detectCsvDelimiter('a\tb\tc')).toBe('\t');
    expect(detectCsvDelimiter('title')).toBe(',');
  });
});
