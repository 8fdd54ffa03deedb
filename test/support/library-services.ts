/**
 * Test helper: a library folder as LIBRARY_DIR (stored paths relative to it), ingested into `db`, with the real
 * LibraryPublisher and SubmissionService over it, for the Bibliotek API and page tests.
 */
import { createLibraryPublisher } from '../../bot/submissions/library-publisher.js';
import { createSubmissionService } from '../../bot/submissions/submission-service.js';
import type { LibraryPublisher, SubmissionService } from '../../bot/submissions/submission-port.js';
import { LOCAL_EMBEDDING_DIMENSIONS } from '../../config/env.js';
import { silentLogger } from '../../config/logger.js';
import { runIngest } from '../../ingest/run-ingest.js';
import type { Db } from '../../knowledge/db/db.js';
import { createLocalEmbedder } from '../../knowledge/embeddings/index.js';
import { searchLibrary } from '../../knowledge/retrieval/search-library.js';

export async function openLibraryServices(db: Db, libraryDir: string): Promise<{ library: LibraryPublisher; submissions: SubmissionService }> {
  const embedder = createLocalEmbedder({ dimensions: LOCAL_EMBEDDING_DIMENSIONS });
  await runIngest({ db, embedder }, { inputs: [libraryDir], cwd: libraryDir });
  const library = createLibraryPublisher({ db, embedder, libraryDir, logger: silentLogger, cwd: libraryDir });
  const submissions = createSubmissionService({
    db,
    publisher: library,
    search: (question, options) => searchLibrary({ db, embedder }, question, options),
    logger: silentLogger,
  });
  return { library, submissions };
}
