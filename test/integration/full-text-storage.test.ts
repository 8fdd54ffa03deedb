/**
 * Each chunk's full-text vector stays in the chunk's row (migration 029), so keyword search scores a candidate
 * without fetching its tsv from the TOAST table once per term of the question; and migration 030 brings back into
 * their rows the ones stored out of line before, without touching the postings or the keyword statistics.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../knowledge/db/db.js';
import { KNOWLEDGE_MIGRATIONS_DIR } from '../../knowledge/db/migrate.js';
import type { LibraryDocument } from '../../knowledge/documents/library-document.js';
import { lexicalSearch } from '../../knowledge/retrieval/lexical-search.js';
import { replaceDocument } from '../../knowledge/store/document-store.js';
import { refreshSearchStatistics } from '../../knowledge/store/term-stats.js';
import { testDatabases } from '../support/test-databases.js';

/** Migrations 029 (the storage) and 030 (the rows stored before), each in its own transaction as migrate() runs them. */
const MIGRATIONS = ['029_inline_full_text.sql', '030_inline_stored_full_text.sql'].map((name) =>
  fs.readFileSync(path.join(KNOWLEDGE_MIGRATIONS_DIR, name), 'utf8'),
);

async function runMigrations(db: Db): Promise<void> {
  for (const sql of MIGRATIONS) await db.transaction((tx) => tx.exec(sql));
}

/** Deterministic made-up words that neither repeat nor compress, so the chunk's tsv is larger than its text. */
function madeUpWords(count: number, seed: number): string[] {
  const letters = 'abdefghijklmnoprstuvy';
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state;
  };
  return Array.from({ length: count }, (_, i) => {
    let word = '';
    for (let j = 0; j < 7; j++) word += letters[next() % letters.length];
    return `${word}${i}`;
  });
}

/** A chunk row over the TOAST threshold even with its embedding (400 dimensions, 1.6 kB) stored out of line. */
async function storeLongChunk(db: Db, id: string, seed: number): Promise<void> {
  const words = madeUpWords(180, seed);
  const document: LibraryDocument = {
    id,
    type: 'case',
    title: `Skybrudssikring ${id}`,
    innovationType: [],
    methods: [],
    tags: [],
    audience: 'public',
    body: `Regnvand i parker. ${words.join(' ')}`,
    sourcePath: `${id}.md`,
    sourceFormat: 'markdown',
  };
  await replaceDocument(db, {
    document,
    summary: '',
    contentHash: id,
    embeddingModel: 'test',
    chunks: [
      {
        ordinal: 0,
        headingPath: [],
        content: document.body,
        tokenCount: 200,
        context: document.title,
        embedding: Array.from({ length: 400 }, (_, i) => Math.sin(seed + i)),
      },
    ],
  });
}

/** Whether the document's chunk holds its tsv out of line: a stored value's size leaves out the 4-byte header. */
async function tsvOutOfLine(db: Db, documentId: string): Promise<boolean> {
  const result = await db.query<{ out_of_line: boolean }>(
    `SELECT pg_column_size(tsv) <> pg_column_size(tsv || ''::tsvector) AS out_of_line FROM chunks WHERE document_id = $1`,
    [documentId],
  );
  return result.rows[0]!.out_of_line;
}

/** Whether the keyword statistics are up to date with the chunks' text (migration 010). */
async function statisticsFresh(db: Db): Promise<boolean> {
  const state = await db.query<{ fresh: boolean }>('SELECT refreshed_version IS NOT DISTINCT FROM chunk_version AS fresh FROM search_statistics');
  return state.rows[0]!.fresh;
}

describe.each(testDatabases)('chunks keep their full-text vector in their row on $name', (target) => {
  let db: Db;

  beforeAll(async () => {
    db = await target.open();
  }, 120_000);
  afterAll(async () => db?.close());

  it("should store a long chunk's tsv in its row, where before it went out of line", async () => {
    await storeLongChunk(db, 'lang-ny', 7);
    expect(await tsvOutOfLine(db, 'lang-ny')).toBe(false);
  });

  // The next two put back the storage before migration 029 to store chunks as it did.

  it('should bring back into their rows the tsv values stored out of line before the migration, changing nothing else', async () => {
    await db.exec('ALTER TABLE chunks ALTER COLUMN tsv SET STORAGE EXTENDED');
    await storeLongChunk(db, 'lang-gammel', 11);
    await refreshSearchStatistics(db);
    expect(await tsvOutOfLine(db, 'lang-gammel')).toBe(true);
    const postingsBefore = await db.query(`SELECT lexeme, impact, chunk_id FROM chunk_terms ORDER BY 1, 2, 3`);
    const searchBefore = await lexicalSearch(db, 'regnvand parker skybrudssikring', undefined, 'public', 10);
    expect(searchBefore.length).toBeGreaterThan(0);

    await runMigrations(db);

    expect(await tsvOutOfLine(db, 'lang-gammel')).toBe(false);
    expect(await tsvOutOfLine(db, 'lang-ny')).toBe(false);
    expect((await db.query(`SELECT lexeme, impact, chunk_id FROM chunk_terms ORDER BY 1, 2, 3`)).rows).toEqual(postingsBefore.rows);
    expect(await statisticsFresh(db)).toBe(true);
    expect(await lexicalSearch(db, 'regnvand parker skybrudssikring', undefined, 'public', 10)).toEqual(searchBefore);
  });

  it('should leave keyword statistics that were already behind the chunks behind, so the next search rebuilds them', async () => {
    await db.exec('ALTER TABLE chunks ALTER COLUMN tsv SET STORAGE EXTENDED');
    await storeLongChunk(db, 'lang-efter', 13); // written after the last refresh
    expect(await tsvOutOfLine(db, 'lang-efter')).toBe(true);

    await runMigrations(db);

    expect(await tsvOutOfLine(db, 'lang-efter')).toBe(false);
    expect(await statisticsFresh(db)).toBe(false);
  });
});
