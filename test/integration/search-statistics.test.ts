import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../knowledge/db/db.js';
import { createLocalEmbedder } from '../../knowledge/embeddings/index.js';
import { lexicalSearch } from '../../knowledge/retrieval/lexical-search.js';
import { refreshSearchStatisticsIfStale } from '../../knowledge/store/term-stats.js';
import { LOCAL_EMBEDDING_DIMENSIONS } from '../../config/env.js';
import { runIngest } from '../../ingest/run-ingest.js';
import { FIXTURE_LIBRARY } from '../support/library-fixture.js';
import { testDatabases } from '../support/test-databases.js';

const QUESTION = 'hverdagsrehabilitering og telemedicin';

describe.each(testDatabases)('search statistics heal themselves on $name', (target) => {
  let db: Db;
  const termCount = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM term_stats')).rows[0]!.n;
  const search = () => lexicalSearch(db, QUESTION, undefined, 'public', 10);

  beforeAll(async () => {
    db = await target.open();
    await runIngest({ db, embedder: createLocalEmbedder({ dimensions: LOCAL_EMBEDDING_DIMENSIONS }) }, { inputs: [FIXTURE_LIBRARY] });
  });
  afterAll(async () => db?.close());

  it('should rebuild empty term statistics before the next keyword search, which then ranks as before', async () => {
    const terms = await termCount();
    expect(terms).toBeGreaterThan(0);
    // Read the ranking without triggering the check (a transaction is not the database), then empty the table.
    const before = await db.transaction((tx) => lexicalSearch(tx, QUESTION, undefined, 'public', 10));
    expect(before[0]!.lexical_score).toBeGreaterThan(0);
    await db.exec('DELETE FROM term_stats');

    const after = await search();
    expect(await termCount()).toBe(terms);
    expect(after.map((row) => [String(row.chunk_id), Number(row.lexical_score)])).toEqual(
      before.map((row) => [String(row.chunk_id), Number(row.lexical_score)]),
    );
  });

  it('should find the statistics fresh right after an ingest', async () => {
    await runIngest({ db, embedder: createLocalEmbedder({ dimensions: LOCAL_EMBEDDING_DIMENSIONS }) }, { inputs: [FIXTURE_LIBRARY] });
    expect(await refreshSearchStatisticsIfStale(db)).toBe(false);
  });

  it("should refresh statistics older than the chunks' last text change, as a killed ingest leaves them, and only once", async () => {
    // A chunk's text changes and nothing refreshes (the ingest was killed before its last step).
    await db.query(`UPDATE chunks SET tsv = tsv || to_tsvector('danish', 'kvarkeksperiment') WHERE id = (SELECT min(id) FROM chunks)`);
    expect(await db.query(`SELECT 1 FROM term_stats WHERE lexeme = 'kvarkeksperiment'`)).toMatchObject({ rows: [] });

    expect(await refreshSearchStatisticsIfStale(db)).toBe(true);
    expect((await db.query(`SELECT 1 FROM term_stats WHERE lexeme = 'kvarkeksperiment'`)).rows).toHaveLength(1);
    expect(await refreshSearchStatisticsIfStale(db)).toBe(false);
  });

  it('should refresh stale statistics when the next ingest has nothing to write', async () => {
    await db.query(`UPDATE chunks SET tsv = tsv || to_tsvector('danish', 'gluonforsøg') WHERE id = (SELECT min(id) FROM chunks)`);
    const summary = await runIngest({ db, embedder: createLocalEmbedder({ dimensions: LOCAL_EMBEDDING_DIMENSIONS }) }, { inputs: [FIXTURE_LIBRARY] });
    expect(summary.chunksWritten).toBe(0);
    expect((await db.query(`SELECT 1 FROM term_stats WHERE lexeme = 'gluonforsøg'`)).rows).toHaveLength(1);
  });

  it('should not count a re-embedding as a change of the text', async () => {
    await db.query('UPDATE chunks SET embedding = embedding WHERE id = (SELECT min(id) FROM chunks)');
    expect(await refreshSearchStatisticsIfStale(db)).toBe(false);
  });
});
