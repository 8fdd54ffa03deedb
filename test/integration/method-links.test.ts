import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../knowledge/db/db.js';
import { createLocalEmbedder } from '../../knowledge/embeddings/index.js';
import { listCasesUsingMethod } from '../../knowledge/store/method-links.js';
import { runIngest } from '../../ingest/run-ingest.js';
import { testDatabases } from '../support/test-databases.js';

const METHOD = `---
type: method
title: "Double Diamond – dobbeltdiamanten"
aliases: [dobbeltdiamanten]
---
## Hvad er det

Double Diamond er en procesmodel med fire faser for innovationsforløb i den offentlige sektor.
`;
const caseFile = (id: string, methods: string, audience = 'public') => `---
type: case
title: "Case ${id}"
organisation: ${id} Kommune
year: 2020
methods: [${methods}]
audience: ${audience}
---
## Hvad gjorde de

Kommunen afprøvede en ny proces sammen med borgerne i et halvt år og lærte meget af det.
`;

describe.each(testDatabases)('method links on $name', (target) => {
  let db: Db;
  let dir: string;
  const embedder = createLocalEmbedder({ dimensions: 64 });
  const ingest = () => runIngest({ db, embedder }, { inputs: [dir], cwd: dir, prune: true, chunkOptions: { minChars: 10 } });

  beforeAll(async () => {
    db = await target.open();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'method-links-'));
    fs.writeFileSync(path.join(dir, 'double-diamond.md'), METHOD);
    fs.writeFileSync(path.join(dir, 'odense.md'), caseFile('Odense', 'Double Diamond, workshop'));
    fs.writeFileSync(path.join(dir, 'aarhus.md'), caseFile('Aarhus', 'dobbeltdiamanten'));
    fs.writeFileSync(path.join(dir, 'vejle.md'), caseFile('Vejle', 'design sprint'));
    fs.writeFileSync(path.join(dir, 'intern.md'), caseFile('Intern', 'double-diamond', 'internal'));
    await ingest();
  });
  afterAll(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('should link cases to the method document by its name, id or alias when ingesting', async () => {
    const cases = await listCasesUsingMethod(db, 'double-diamond', 'internal');
    expect(cases.map((document) => document.id).sort()).toEqual(['aarhus', 'intern', 'odense']);
  });

  it('should leave internal cases out for a public user', async () => {
    const cases = await listCasesUsingMethod(db, 'double-diamond', 'public');
    expect(cases.map((document) => document.id).sort()).toEqual(['aarhus', 'odense']);
  });

  it('should link a case added later without re-ingesting the method', async () => {
    fs.writeFileSync(path.join(dir, 'vejle.md'), caseFile('Vejle', 'Double Diamond'));
    await ingest();
    const cases = await listCasesUsingMethod(db, 'double-diamond', 'public');
    expect(cases.map((document) => document.id).sort()).toEqual(['aarhus', 'odense', 'vejle']);
  });
});
