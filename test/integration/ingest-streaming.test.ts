import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../knowledge/db/db.js';
import { createLocalEmbedder, type Embedder } from '../../knowledge/embeddings/index.js';
import { embeddingIndexName } from '../../knowledge/store/embedding-settings.js';
import { deferChunkIndexes } from '../../knowledge/store/deferred-indexes.js';
import { runIngest, type IngestProgress } from '../../ingest/run-ingest.js';
import { testDatabases } from '../support/test-databases.js';

const method = (id: string, title: string) => `---\nid: ${id}\ntype: method\ntitle: ${title}\n---\n## Hvad er det\n${title} i praksis.\n`;

describe.each(testDatabases)('streaming ingest on $name', (target) => {
  let db: Db;
  let dir: string;
  const embedder = createLocalEmbedder({ dimensions: 128 });
  const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
  const chunkIndexes = async () =>
    (
      await db.query<{ indexname: string }>(
        "SELECT indexname FROM pg_indexes WHERE tablename = 'chunks' AND schemaname = current_schema()",
      )
    ).rows.map((row) => row.indexname);

  beforeEach(async () => {
    db = await target.open();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-stream-ingest-'));
  });
  afterEach(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('should embed and write the first documents before the last files are parsed, and end with every document and the vector index', async () => {
    for (let i = 0; i < 40; i++) write(`metode-${String(i).padStart(2, '0')}.md`, method(`metode-${i}`, `Metode nummer ${i}`));
    let filesParsed = 0;
    let filesParsedAtFirstEmbedding: number | undefined;
    const watching: Embedder = {
      ...embedder,
      maxInputsPerCall: 4,
      embed: async (texts, purpose) => {
        filesParsedAtFirstEmbedding ??= filesParsed;
        return embedder.embed(texts, purpose);
      },
    };
    const onProgress = (event: IngestProgress) => {
      if (event.phase === 'file') filesParsed = event.done;
    };
    const summary = await runIngest({ db, embedder: watching }, { inputs: [dir], cwd: dir, onProgress, bulkLoadThreshold: 8 });

    expect(filesParsedAtFirstEmbedding).toBeLessThan(40);
    expect(summary).toMatchObject({ added: 40, failed: 0, totalDocuments: 40 });
    const indexes = await db.query<{ indexname: string }>(
      "SELECT indexname FROM pg_indexes WHERE tablename = 'chunks' AND indexname = $1 AND schemaname = current_schema()",
      [embeddingIndexName(embedder.dimensions)],
    );
    expect(indexes.rows).toHaveLength(1);
    const postings = await db.query<{ n: number }>(
      "SELECT count(DISTINCT c.document_id)::int AS n FROM chunk_terms t JOIN chunks c ON c.id = t.chunk_id WHERE t.lexeme = 'metod'",
    );
    expect(postings.rows[0]!.n).toBe(40);
    expect(await chunkIndexes()).toContain('chunks_tsv_idx');
  });

  it('should build the full-text index again on the next ingest when a bulk load was killed after dropping it', async () => {
    write('a.md', method('metode-a', 'Metode A'));
    await deferChunkIndexes(db); // what a bulk load does first; a kill leaves it so
    expect(await chunkIndexes()).not.toContain('chunks_tsv_idx');

    await runIngest({ db, embedder }, { inputs: [dir], cwd: dir });

    expect(await chunkIndexes()).toContain('chunks_tsv_idx');
    const left = await db.query("SELECT key FROM knowledge_settings WHERE key LIKE 'deferred_index:%'");
    expect(left.rows).toEqual([]);
  });

  it('should give an id to the first file in path order when the file the database knew it from no longer claims it', async () => {
    write('b.md', method('flyttet', 'Den gamle'));
    await runIngest({ db, embedder }, { inputs: [dir], cwd: dir });
    write('b.md', method('nyt-id', 'Den gamle med nyt id'));
    write('a.md', method('flyttet', 'Den nye'));
    write('c.md', method('flyttet', 'En kopi'));

    const summary = await runIngest({ db, embedder }, { inputs: [dir], cwd: dir });

    const rows = await db.query<{ id: string; source_path: string }>('SELECT id, source_path FROM documents ORDER BY id');
    expect(rows.rows).toEqual([
      { id: 'flyttet', source_path: 'a.md' },
      { id: 'nyt-id', source_path: 'b.md' },
    ]);
    expect(summary.problems).toEqual([{ source: 'c.md', message: expect.stringMatching(/"flyttet" is already used by a\.md/) }]);
  });

  it('should keep an id with the file the database knew it from when a file earlier in path order claims it too', async () => {
    write('b.md', method('fast', 'Originalen'));
    await runIngest({ db, embedder }, { inputs: [dir], cwd: dir });
    write('a.md', method('fast', 'Kopien'));

    const summary = await runIngest({ db, embedder }, { inputs: [dir], cwd: dir });

    const rows = await db.query<{ title: string; source_path: string }>("SELECT title, source_path FROM documents WHERE id = 'fast'");
    expect(rows.rows).toEqual([{ title: 'Originalen', source_path: 'b.md' }]);
    expect(summary).toMatchObject({ unchanged: 1, failed: 1 });
    expect(summary.problems).toEqual([{ source: 'a.md', message: expect.stringMatching(/already used by b\.md/) }]);
  });
});
