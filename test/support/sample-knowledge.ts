import type { Db } from '../../knowledge/db/db.js';
import { createLocalEmbedder, type Embedder } from '../../knowledge/embeddings/index.js';
import { LOCAL_EMBEDDING_DIMENSIONS } from '../../config/env.js';
import { runIngest } from '../../ingest/run-ingest.js';
import { SAMPLE_LIBRARY } from './library-fixture.js';
import type { TestDatabase } from './test-databases.js';

/** A database of `target` with the shipped sample library ingested with the default local embedder. */
export async function openSampleKnowledge(target: TestDatabase): Promise<{ db: Db; embedder: Embedder }> {
  const db = await target.open();
  const embedder = createLocalEmbedder({ dimensions: LOCAL_EMBEDDING_DIMENSIONS });
  const summary = await runIngest({ db, embedder }, { inputs: [SAMPLE_LIBRARY] });
  if (summary.failed > 0) throw new Error(`sample library failed to ingest: ${JSON.stringify(summary.problems)}`);
  return { db, embedder };
}
