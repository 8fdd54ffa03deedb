import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../knowledge/db/db.js';
import { createLocalEmbedder, EmbeddingError, type Embedder } from '../../knowledge/embeddings/index.js';
import { EmbeddingModelMismatchError } from '../../knowledge/store/embedding-settings.js';
import { searchLibrary } from '../../knowledge/retrieval/search-library.js';
import { runIngest } from '../../ingest/run-ingest.js';
import { reembedLibrary } from '../../ingest/reembed-library.js';
import { copyFixtureLibrary } from '../support/library-fixture.js';
import { testDatabases } from '../support/test-databases.js';

const VALID_IDS = ['csv-borgertopmoede', 'csv-skaermbesoeg', 'fredericia-hverdagsrehabilitering', 'intern-note', 'region-telemedicin'];

async function documentIds(db: Db): Promise<string[]> {
  return (await db.query<{ id: string }>('SELECT id FROM documents ORDER BY id')).rows.map((row) => row.id);
}

/** Every document's chunk_count matches its stored chunks: no half-written document. */
async function expectConsistent(db: Db): Promise<void> {
  const broken = await db.query(
    `SELECT d.id FROM documents d LEFT JOIN chunks c ON c.document_id = d.id
     GROUP BY d.id, d.chunk_count HAVING count(c.id) <> d.chunk_count`,
  );
  expect(broken.rows).toEqual([]);
}

describe.each(testDatabases)('runIngest on $name', (target) => {
  let db: Db;
  let library: ReturnType<typeof copyFixtureLibrary>;
  const embedder = createLocalEmbedder({ dimensions: 128 });
  const ingest = (options: { prune?: boolean; embedder?: Embedder } = {}) =>
    runIngest({ db, embedder: options.embedder ?? embedder }, { inputs: [library.dir], cwd: library.dir, prune: options.prune, chunkOptions: { minChars: 10 } });

  beforeAll(async () => {
    db = await target.open();
    library = copyFixtureLibrary();
  });
  afterAll(async () => {
    await db.close();
    library.cleanup();
  });

  it('should store valid documents and report each bad file with what is wrong when the library has broken files', async () => {
    const summary = await ingest();
    expect(summary.added).toBe(VALID_IDS.length);
    expect(await documentIds(db)).toEqual(VALID_IDS);
    expect(summary.skipped).toEqual(['cases/diagram.png']);
    const problems = Object.fromEntries(summary.problems.map((problem) => [problem.source, problem.message]));
    expect(Object.keys(problems).sort()).toEqual(['cases/broken-front-matter.md', 'cases/empty.md', 'cases/missing-organisation.md']);
    expect(problems['cases/missing-organisation.md']).toMatch(/organisation/);
    expect(summary.failed).toBe(3);
    await expectConsistent(db);
  });

  it('should keep the metadata as real columns when a case is stored', async () => {
    const row = (
      await db.query<Record<string, unknown>>(
        `SELECT type, organisation, organisation_type, region, year, end_year, policy_area, methods, status, contact, source_path
         FROM documents WHERE id = 'fredericia-hverdagsrehabilitering'`,
      )
    ).rows[0]!;
    expect(row).toMatchObject({
      type: 'case',
      organisation: 'Fredericia Kommune',
      organisation_type: 'kommune',
      region: 'Syddanmark',
      year: 2008,
      end_year: 2010,
      policy_area: 'ældre og sundhed',
      methods: ['hverdagsrehabilitering'],
      status: 'skaleret',
      source_path: 'cases/fredericia-hverdagsrehabilitering.md',
    });
    expect(row.contact).toMatchObject({ role: 'Projektleder', email: 'rehab@fredericia.example.dk' });
    const chunks = await db.query<{ heading_path: string[]; embedding_model: string }>(
      `SELECT heading_path, embedding_model FROM chunks WHERE document_id = 'fredericia-hverdagsrehabilitering' ORDER BY ordinal`,
    );
    expect(chunks.rows.map((chunk) => chunk.heading_path.join('/'))).toContain('Hvad gjorde de');
    expect(new Set(chunks.rows.map((chunk) => chunk.embedding_model))).toEqual(new Set([embedder.modelId]));
  });

  it('should write nothing when nothing changed', async () => {
    const summary = await ingest();
    expect(summary).toMatchObject({ added: 0, updated: 0, unchanged: VALID_IDS.length, chunksWritten: 0 });
  });

  it('should replace exactly the changed document when one file changes', async () => {
    const file = path.join(library.dir, 'cases/region-telemedicin.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('## Resultater', '## Læring\nStart småt.\n\n## Resultater'));
    const summary = await ingest();
    expect(summary).toMatchObject({ added: 0, updated: 1, unchanged: VALID_IDS.length - 1 });
    const headings = await db.query<{ h: string }>(
      `SELECT array_to_string(heading_path, '/') AS h FROM chunks WHERE document_id = 'region-telemedicin' ORDER BY ordinal`,
    );
    expect(headings.rows.map((row) => row.h)).toEqual(['', 'Baggrund', 'Læring', 'Resultater']);
    await expectConsistent(db);
  });

  it('should keep the stored document when its file is edited into a broken state', async () => {
    const file = path.join(library.dir, 'cases/fredericia-hverdagsrehabilitering.md');
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, original.replace('organisation_type: kommune', 'organisation_type: kommunal'));
    const summary = await ingest({ prune: true });
    expect(summary.problems.find((problem) => problem.source.includes('fredericia'))?.message).toMatch(/organisation_type/);
    expect(summary.removed).toBe(0);
    expect(await documentIds(db)).toContain('fredericia-hverdagsrehabilitering');
    fs.writeFileSync(file, original);
  });

  it('should list documents whose files are gone and remove them only with prune', async () => {
    fs.rmSync(path.join(library.dir, 'cases/region-telemedicin.md'));
    const listed = await ingest();
    expect(listed.orphans).toEqual(['region-telemedicin']);
    expect(await documentIds(db)).toContain('region-telemedicin');
    const pruned = await ingest({ prune: true });
    expect(pruned.removed).toBe(1);
    expect(await documentIds(db)).not.toContain('region-telemedicin');
  });

  it('should report a duplicate id instead of overwriting the first document', async () => {
    const copy = path.join(library.dir, 'cases/copy.md');
    fs.writeFileSync(
      copy,
      '---\nid: fredericia-hverdagsrehabilitering\ntype: method\ntitle: Kopi\n---\n## Hvad er det\nEn anden tekst.\n',
    );
    const summary = await ingest();
    expect(summary.problems.some((problem) => /already used/.test(problem.message))).toBe(true);
    const title = await db.query<{ title: string }>(`SELECT title FROM documents WHERE id = 'fredericia-hverdagsrehabilitering'`);
    expect(title.rows[0]!.title).toBe('Hverdagsrehabilitering i Fredericia');
    fs.rmSync(copy);
  });

  it('should leave the database consistent and finish next time when embedding fails mid-run', async () => {
    fs.writeFileSync(path.join(library.dir, 'cases/ny-case.md'), '---\ntype: method\ntitle: Ny metode\n---\n## Hvad er det\nNoget nyt om prototyper.\n');
    const failing: Embedder = {
      ...embedder,
      modelId: embedder.modelId,
      dimensions: embedder.dimensions,
      maxInputsPerCall: embedder.maxInputsPerCall,
      embed: async () => {
        throw new EmbeddingError('embedding.unavailable', 'service down');
      },
    };
    await expect(ingest({ embedder: failing })).rejects.toBeInstanceOf(EmbeddingError);
    expect(failing.modelId).toBe(embedder.modelId);
    await expectConsistent(db);
    expect(await documentIds(db)).not.toContain('ny-case');
    const summary = await ingest();
    expect(summary.added).toBe(1);
    expect(await documentIds(db)).toContain('ny-case');
  });

  it('should refuse another embedding model and work again after --reembed', async () => {
    const other = createLocalEmbedder({ dimensions: 256 });
    await expect(ingest({ embedder: other })).rejects.toBeInstanceOf(EmbeddingModelMismatchError);
    const result = await reembedLibrary({ db, embedder: other });
    expect(result.chunks).toBeGreaterThan(0);
    const models = await db.query<{ m: string }>('SELECT DISTINCT embedding_model AS m FROM chunks');
    expect(models.rows).toEqual([{ m: other.modelId }]);
    const hits = await searchLibrary({ db, embedder: other }, 'hverdagsrehabilitering', { audience: 'public', mode: 'vector' });
    expect(hits[0]?.documentId).toBe('fredericia-hverdagsrehabilitering');
    const summary = await ingest({ embedder: other });
    expect(summary.failed).toBe(3);
  });
});
