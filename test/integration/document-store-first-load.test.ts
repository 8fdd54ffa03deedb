import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../knowledge/db/db.js';
import type { LibraryDocument } from '../../knowledge/documents/library-document.js';
import { replaceDocuments, type DocumentWrite } from '../../knowledge/store/document-store.js';
import { testDatabases } from '../support/test-databases.js';

function write(id: string, contents: string[]): DocumentWrite {
  const document: LibraryDocument = {
    id,
    type: 'case',
    title: id,
    innovationType: [],
    methods: [],
    tags: [],
    audience: 'public',
    body: contents.join('\n'),
    sourcePath: `${id}.md`,
    sourceFormat: 'markdown',
  };
  return {
    document,
    summary: '',
    contentHash: contents.join('|'),
    embeddingModel: 'test',
    chunks: contents.map((content, ordinal) => ({ ordinal, headingPath: [], content, tokenCount: 3, context: id, embedding: [1, 0, 0] })),
  };
}

async function chunkContents(db: Db, id: string): Promise<string[]> {
  const result = await db.query<{ content: string }>('SELECT content FROM chunks WHERE document_id = $1 ORDER BY ordinal', [id]);
  return result.rows.map((row) => row.content);
}

describe.each(testDatabases)('writing documents the caller knows are new on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => db?.close());

  it('should store new documents with their chunks and postings', async () => {
    await replaceDocuments(db, [write('ny-a', ['cykelsti i byen']), write('ny-b', ['vinterdrift', 'saltning'])], { allNew: true });
    expect(await chunkContents(db, 'ny-a')).toEqual(['cykelsti i byen']);
    expect(await chunkContents(db, 'ny-b')).toEqual(['vinterdrift', 'saltning']);
    const postings = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM chunk_terms t JOIN chunks c ON c.id = t.chunk_id WHERE c.document_id = $1',
      ['ny-b'],
    );
    expect(postings.rows[0]!.n).toBeGreaterThan(0);
  });

  it('should fail the whole batch, leaving the stored document as it was, when one of them was stored after all', async () => {
    await replaceDocuments(db, [write('gammel', ['første udgave'])]);
    await expect(
      replaceDocuments(db, [write('ny-c', ['noget nyt']), write('gammel', ['anden udgave'])], { allNew: true }),
    ).rejects.toThrow();
    expect(await chunkContents(db, 'gammel')).toEqual(['første udgave']);
    expect(await chunkContents(db, 'ny-c')).toEqual([]);
  });
});
