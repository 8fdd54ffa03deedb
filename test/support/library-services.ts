/**
 * Test helper: a library folder as LIBRARY_DIR, ingested into `db`, with a LibraryPublisher and the
 * SubmissionService's unpublishDocument over it, for the Bibliotek API and page tests.
 *
 * INTERIM until the real createLibraryPublisher / createSubmissionService land: a publisher on the real ingest
 * (runIngest: the CLI's parsing, validation and problem texts) and only unpublishDocument of the service.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LibraryPublisher, SubmissionService } from '../../bot/submissions/submission-port.js';
import { LOCAL_EMBEDDING_DIMENSIONS } from '../../config/env.js';
import { runIngest } from '../../ingest/run-ingest.js';
import type { Db } from '../../knowledge/db/db.js';
import { createLocalEmbedder } from '../../knowledge/embeddings/index.js';
import { deleteDocuments, listDocumentStates } from '../../knowledge/store/document-store.js';

export async function openLibraryServices(db: Db, libraryDir: string): Promise<{ library: LibraryPublisher; submissions: SubmissionService }> {
  const embedder = createLocalEmbedder({ dimensions: LOCAL_EMBEDDING_DIMENSIONS });
  await runIngest({ db, embedder }, { inputs: [libraryDir], cwd: libraryDir });
  const library: LibraryPublisher = {
    libraryDir,
    async publish() {
      throw new Error('not used by these tests');
    },
    async ingest(relativePaths) {
      const before = new Map((await listDocumentStates(db)).map((state) => [state.sourcePath, state]));
      const summary = await runIngest({ db, embedder }, { inputs: relativePaths.map((file) => path.join(libraryDir, file)), cwd: libraryDir });
      const after = new Map((await listDocumentStates(db)).map((state) => [state.sourcePath, state]));
      return relativePaths.map((file) => {
        const problem = summary.problems.find((p) => p.source === file || p.source.startsWith(`${file}`));
        const state = after.get(file);
        if (problem || !state) return { path: file, outcome: 'failed' as const, problem: problem?.message ?? 'ingen dokumenter' };
        const old = before.get(file);
        return { path: file, outcome: !old ? ('added' as const) : old.contentHash !== state.contentHash ? ('updated' as const) : ('unchanged' as const), documentId: state.id };
      });
    },
    async unpublish(documentId) {
      const state = (await listDocumentStates(db)).find((row) => row.id === documentId);
      if (!state) return { removed: false };
      await deleteDocuments(db, [documentId]);
      const movedTo = path.join('.afpubliceret', state.sourcePath);
      fs.mkdirSync(path.dirname(path.join(libraryDir, movedTo)), { recursive: true });
      fs.renameSync(path.join(libraryDir, state.sourcePath), path.join(libraryDir, movedTo));
      return { removed: true, movedTo };
    },
  };
  const unsupported = async () => {
    throw new Error('not used by these tests');
  };
  const submissions = {
    submit: unsupported,
    list: unsupported,
    get: unsupported,
    attachment: unsupported,
    update: unsupported,
    nearDuplicates: unsupported,
    ask: unsupported,
    reject: unsupported,
    publish: unsupported,
    unpublish: unsupported,
    async unpublishDocument(documentId: string) {
      const result = await library.unpublish(documentId);
      if (!result.removed) return { ok: false, error: 'not_found', message: { da: 'Dokumentet findes ikke.', en: 'No such document.' } };
      return { ok: true, value: { documentId, ...(result.movedTo ? { movedTo: result.movedTo } : {}) } };
    },
  } as unknown as SubmissionService;
  return { library, submissions };
}
