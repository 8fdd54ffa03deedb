/**
 * The library's files as the source of truth: a published case is a Markdown file under LIBRARY_DIR, ingested at
 * once with the CLI's own pipeline (runIngest: the same parsing, validation and problem texts), so the next question
 * can find it and a later `npm run ingest` of the folder changes nothing. Unpublishing deletes the document from the
 * knowledge store and moves its file to `LIBRARY_DIR/.afpubliceret/<same path>`: kept for the history, and never
 * ingested again (discover-files skips folders whose names start with a dot).
 *
 * Source paths are stored relative to `cwd` (the process's working directory, as the CLI stores them), so a
 * publish and a CLI run of the same folder agree on every document.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../config/logger.js';
import { runIngest } from '../../ingest/run-ingest.js';
import type { Db } from '../../knowledge/db/db.js';
import type { Embedder } from '../../knowledge/embeddings/embedder.js';
import { countChunks, deleteDocuments, listDocumentStates, type StoredDocumentState } from '../../knowledge/store/document-store.js';
import { refreshSearchStatistics } from '../../knowledge/store/term-stats.js';
import type { IngestFileReport, LibraryPublisher } from './submission-port.js';

/** Where unpublished files go, inside LIBRARY_DIR. The leading dot keeps the ingest out. */
export const UNPUBLISHED_FOLDER = '.afpubliceret';

export interface LibraryPublisherOptions {
  db: Db;
  embedder: Embedder;
  /** LIBRARY_DIR (resolved against `cwd` when relative). */
  libraryDir: string;
  logger: Logger;
  /** What stored source paths are relative to. @default process.cwd() */
  cwd?: string;
}

/** A path under LIBRARY_DIR that a caller may write: relative, inside it, no dot folders. */
export class LibraryPathError extends Error {
  constructor(relativePath: string) {
    super(`"${relativePath}" is not a path inside LIBRARY_DIR`);
    this.name = 'LibraryPathError';
  }
}

/**
 * @example
 * const library = createLibraryPublisher({ db, embedder, libraryDir: config.library.dir, logger });
 * const report = await library.publish('indsendt/KC-2026-0007-hverdagsrehabilitering.md', markdown);
 */
export function createLibraryPublisher(options: LibraryPublisherOptions): LibraryPublisher {
  const { db, embedder, logger } = options;
  const cwd = options.cwd ?? process.cwd();
  const libraryDir = path.resolve(cwd, options.libraryDir);
  // Ingests and moves one at a time: two runs of the ingest at once could both think a document is new.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  /** The absolute file of a path relative to LIBRARY_DIR. @throws LibraryPathError outside it or in a dot folder. */
  const inLibrary = (relativePath: string): string => {
    const absolute = path.resolve(libraryDir, relativePath);
    const inside = path.relative(libraryDir, absolute);
    if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside) || inside.split(path.sep).some((part) => part.startsWith('.'))) {
      throw new LibraryPathError(relativePath);
    }
    return absolute;
  };
  const toStored = (absolute: string) => path.relative(cwd, absolute).split(path.sep).join('/');
  const toLibrary = (absolute: string) => path.relative(libraryDir, absolute).split(path.sep).join('/');

  async function ingestFiles(relativePaths: string[]): Promise<IngestFileReport[]> {
    const files = relativePaths.map((relativePath) => ({ relativePath, absolute: inLibrary(relativePath) }));
    const before = new Map((await listDocumentStates(db)).map((state) => [state.id, state]));
    const summary = await runIngest({ db, embedder }, { inputs: files.map((file) => file.absolute), cwd });
    const after = await listDocumentStates(db);
    const chunks = await countChunks(db, after.map((state) => state.id));
    return files.map(({ relativePath, absolute }) => {
      const stored = toStored(absolute);
      const ofFile = (source: string) => source === stored || source.startsWith(`${stored}#`);
      const problem = summary.problems.find((found) => ofFile(found.source));
      const documents = after.filter((state) => ofFile(state.sourcePath));
      const report = { path: toLibrary(absolute) };
      if (problem || documents.length === 0) {
        return { ...report, outcome: 'failed', problem: problem?.message ?? 'no document could be read from the file' } satisfies IngestFileReport;
      }
      const first = documents[0]!;
      const old = before.get(first.id);
      const outcome = !old ? 'added' : documents.some((state) => before.get(state.id)?.contentHash !== state.contentHash) ? 'updated' : 'unchanged';
      const total = documents.reduce((sum, state) => sum + (chunks.get(state.id) ?? 0), 0);
      logger.info('library: file ingested', { path: relativePath, outcome, documents: documents.length, chunks: total });
      return { ...report, outcome, documentId: first.id, chunks: total } satisfies IngestFileReport;
    });
  }

  /** The file of a stored document, when it lies under LIBRARY_DIR (stored relative to cwd, or to LIBRARY_DIR). */
  async function fileOf(state: StoredDocumentState): Promise<string | undefined> {
    const file = state.sourcePath.split('#')[0]!;
    for (const candidate of [path.resolve(cwd, file), path.resolve(libraryDir, file)]) {
      const inside = path.relative(libraryDir, candidate);
      if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) continue;
      if (await exists(candidate)) return candidate;
    }
    return undefined;
  }

  return {
    libraryDir,
    publish: (relativePath, markdown) =>
      serial(async () => {
        const file = inLibrary(relativePath);
        const previous = await fs.readFile(file, 'utf8').catch(() => undefined);
        await fs.mkdir(path.dirname(file), { recursive: true });
        await fs.writeFile(file, markdown, 'utf8');
        const [report] = await ingestFiles([relativePath]);
        if (report!.outcome === 'failed') {
          // A file that does not parse must not lie in the library for the next CLI run to trip over.
          if (previous === undefined) await fs.rm(file, { force: true });
          else await fs.writeFile(file, previous, 'utf8');
        }
        return report!;
      }),
    ingest: (relativePaths) => serial(() => ingestFiles(relativePaths)),
    unpublish: (documentId) =>
      serial(async () => {
        const state = (await listDocumentStates(db)).find((row) => row.id === documentId);
        if (!state) return { removed: false };
        const file = await fileOf(state);
        // A CSV row is one document of many in its file: only that row leaves search; the file stays.
        const wholeFile = !state.sourcePath.includes('#');
        await deleteDocuments(db, [documentId]);
        await refreshSearchStatistics(db);
        if (!file || !wholeFile) {
          logger.info('library: document unpublished', { documentId, file: state.sourcePath, moved: false });
          return { removed: true };
        }
        const target = await freeName(path.join(libraryDir, UNPUBLISHED_FOLDER, path.relative(libraryDir, file)));
        await fs.mkdir(path.dirname(target), { recursive: true });
        await fs.rename(file, target);
        const movedTo = toLibrary(target);
        logger.info('library: document unpublished', { documentId, file: state.sourcePath, movedTo });
        return { removed: true, movedTo };
      }),
  };
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then((stat) => stat.isFile(), () => false);
}

/** `file`, or `name-2.ext`, `name-3.ext`… when an earlier unpublished version already lies there (kept too). */
async function freeName(file: string): Promise<string> {
  if (!(await exists(file))) return file;
  const { dir, name, ext } = path.parse(file);
  for (let n = 2; ; n++) {
    const candidate = path.join(dir, `${name}-${n}${ext}`);
    if (!(await exists(candidate))) return candidate;
  }
}
