import { describe, expect, it } from 'vitest';
import { parseJson } from '../../../../ingest/parse/json.js';
import { parseBuffer } from '../../../../ingest/parse/parse-buffer.js';
import { parseFile } from '../../../../ingest/parse/parse-file.js';
import { fixturePath } from './fixture-path.js';

describe('parseJson', () => {
  it('should make one document per object with contact and lists when given { "cases": [...] }', async () => {
    const outcome = await parseFile(fixturePath('cases.json'), 'eksport/cases.json');
    expect(outcome.problems).toEqual([]);
    expect(outcome.documents).toEqual([
      {
        id: 'cases-frikommuneforsoeg-i-viborg',
        type: 'case',
        title: 'Frikommuneforsøg i Viborg',
        organisation: 'Viborg Kommune',
        organisationType: 'kommune',
        region: 'Midtjylland',
        year: 2017,
        innovationType: ['medarbejderdreven'],
        methods: ['Forsøgsordning', 'Evaluering'],
        contact: { name: 'Jørgen Bæk', email: 'jb@viborg.dk', phone: '87870000' },
        tags: ['frikommune'],
        audience: 'public',
        body: 'Viborg fik lov at fravige regler.\n\nDet gav færre dokumentationskrav.',
        sourcePath: 'eksport/cases.json#0',
        sourceFormat: 'json',
      },
      {
        id: 'sundhedshus',
        type: 'case',
        title: 'Sundhedshus på Fanø',
        organisation: 'Fanø Kommune',
        region: 'Syddanmark',
        status: 'idé',
        innovationType: [],
        methods: [],
        tags: [],
        audience: 'public',
        body: 'Et samlet sundhedshus for øens borgere.',
        sourcePath: 'eksport/cases.json#1',
        sourceFormat: 'json',
      },
    ]);
  });

  it('should accept a top-level array, { "documents": [...] } and a single object', () => {
    const item = { title: 'A', organisation: 'O', description: 'T' };
    expect(parseJson(JSON.stringify([item]), 'a.json').documents).toHaveLength(1);
    expect(parseJson(JSON.stringify({ documents: [item] }), 'a.json').documents).toHaveLength(1);
    expect(parseJson(JSON.stringify(item), 'a.json').documents[0]?.sourcePath).toBe('a.json#0');
  });

  it('should report the JSON error with its line when the JSON is invalid', () => {
    const outcome = parseJson('[\n  { "title": "A", }\n]', 'a.json');
    expect(outcome.documents).toEqual([]);
    expect(outcome.problems).toHaveLength(1);
    expect(outcome.problems[0]!.message).toMatch(/^ugyldig JSON \(linje 2, kolonne \d+\): /);
  });

  it('should report a bad object with its index and field and still return the others', () => {
    const items = [
      { title: 'A', organisation: 'O', description: 'T' },
      { title: 'B', organisation: 'O', description: 'T', region: 'Bornholm' },
      'ikke et objekt',
      { title: 'C', organisation: 'O', description: 'T', contact: { email: 'x' } },
      { title: 'D', organisation: 'O', description: 'T', contact_email: 'y' },
    ];
    const outcome = parseJson(JSON.stringify(items), 'a.json');
    expect(outcome.documents.map((document) => document.title)).toEqual(['A']);
    expect(outcome.problems.map((problem) => problem.source)).toEqual(['a.json#1', 'a.json#2', 'a.json#3', 'a.json#4']);
    expect(outcome.problems[0]!.message).toMatch(/^field "region": must be one of Hovedstaden/);
    expect(outcome.problems[1]!.message).toBe('must be an object with the document\'s fields (got "ikke et objekt")');
    expect(outcome.problems[2]!.message).toMatch(/^field "contact\.email": /);
    expect(outcome.problems[3]!.message).toMatch(/^field "contact_email": /);
  });

  it('should refuse JSON that is not a list of documents', () => {
    expect(parseJson('{"items": []}', 'a.json').problems[0]?.message).toMatch(/^JSON skal være en liste af objekter/);
    expect(parseJson('42', 'a.json').problems).toHaveLength(1);
  });

  it('should report an empty file when the list is empty or the file is blank', async () => {
    expect(parseJson('[]', 'a.json').problems).toEqual([{ source: 'a.json', message: 'tom fil: ingen dokumenter i JSON' }]);
    expect((await parseBuffer(Buffer.from('\n'), 'a.json', 'json')).problems).toEqual([{ source: 'a.json', message: 'tom fil' }]);
  });

  it('should refuse a binary blob named .json', async () => {
    const outcome = await parseBuffer(Buffer.from([0x7b, 0x00, 0x01, 0x02, 0x7d]), 'a.json', 'json');
    expect(outcome.problems).toEqual([{ source: 'a.json', message: 'ligner en binær fil, ikke tekst' }]);
  });
});
