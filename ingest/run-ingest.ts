/**
 * The ingest pipeline: discover, then file by file parse → validate → chunk → embed in batches → upsert,
 * incrementally by content hash, with only a few documents in memory at a time. A document is written with all its
 * chunks in one transaction, so an interrupted run leaves every document either as it was or fully replaced, and the
 * next run finishes the job.
 */
import type { Db } from '../knowledge/db/db.js';
import type { Embedder } from '../knowledge/embeddings/embedder.js';
import { embedAll } from '../knowledge/embeddings/embed-in-batches.js';
import {
  countLibrary,
  deleteDocuments,
  listDocumentStates,
  replaceDocument,
  replaceDocuments,
  type DocumentWrite,
  type StoredDocumentState,
} from '../knowledge/store/document-store.js';
import {
  dropEmbeddingIndex,
  ensureEmbeddingModel,
  rebuildEmbeddingIndex,
} from '../knowledge/store/embedding-settings.js';
import { deferChunkIndexes, restoreDeferredIndexes } from '../knowledge/store/deferred-indexes.js';
import { refreshSearchStatistics, refreshSearchStatisticsIfStale } from '../knowledge/store/term-stats.js';
import type { ChunkOptions } from './chunk-text.js';
import { discoverFiles, isUnderInputs, type DiscoveredFile } from './discover-files.js';
import { parseFile, type ParseProblem } from './parse/index.js';
import type { LibraryDocument } from '../knowledge/documents/library-document.js';
import { contentHash } from './content-hash.js';
import { prepareDocument, type PreparedDocument } from './prepare-document.js';
import { linkMethods } from './link-methods.js';

export type IngestProgress =
  | { phase: 'discovered'; files: number; skipped: number }
  | { phase: 'file'; done: number; total: number; file: string }
  | { phase: 'done' };

export interface IngestOptions {
  /** Files and folders (folders are read recursively). */
  inputs: string[];
  /** Remove stored documents whose files (under `inputs`) are gone. @default false */
  prune?: boolean;
  chunkOptions?: ChunkOptions;
  onProgress?: (event: IngestProgress) => void;
  /** Working directory that stored source paths are relative to. @default process.cwd() */
  cwd?: string;
  /**
   * Drop the HNSW index and the full-text index during a large load and build them once at the end (much faster
   * than maintaining them row by row). Used when this run writes at least this many chunks. @default 2000
   */
  bulkLoadThreshold?: number;
}

export interface IngestSummary {
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  failed: number;
  /** Chunks written by this run. */
  chunksWritten: number;
  /** Totals in the database after the run. */
  totalDocuments: number;
  totalChunks: number;
  skipped: string[];
  missing: string[];
  problems: ParseProblem[];
  /** Stored documents whose files are gone (removed when `prune` is set). */
  orphans: string[];
  seconds: number;
}

interface Deps {
  db: Db;
  embedder: Embedder;
}

/**
 * Ingests the given files and folders.
 * @throws EmbeddingModelMismatchError when the database was built with another embedding model.
 * @throws EmbeddingError when the embedding service fails after retries (documents written so far are kept).
 */
export async function runIngest(deps: Deps, options: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const { db, embedder } = deps;
  await ensureEmbeddingModel(db, { modelId: embedder.modelId, dimensions: embedder.dimensions });
  await restoreDeferredIndexes(db); // a bulk load killed before its end left them dropped

  const discovery = await discoverFiles(options.inputs, cwd);
  options.onProgress?.({ phase: 'discovered', files: discovery.files.length, skipped: discovery.skipped.length });

  const stored = new Map((await listDocumentStates(db)).map((state) => [state.id, state]));
  const summary: IngestSummary = {
    added: 0,
    updated: 0,
    unchanged: 0,
    removed: 0,
    failed: 0,
    chunksWritten: 0,
    totalDocuments: 0,
    totalChunks: 0,
    skipped: discovery.skipped,
    missing: discovery.missing,
    problems: discovery.missing.map((file) => ({ source: file, message: 'findes ikke / not found' })),
    orphans: [],
    seconds: 0,
  };

  /** Each id this run kept, with the source path that kept it. */
  const seenIds = new Map<string, string>();
  const filesWithProblems = new Set<string>();
  /** Documents written by this run, only what linking their method names and aliases at the end needs. */
  const written: Pick<LibraryDocument, 'id' | 'type' | 'aliases'>[] = [];
  let bulkLoad = false;
  const bulkThreshold = options.bulkLoadThreshold ?? 2000;

  /** Records one stored document, or why it could not be stored. */
  const recordStored = (prepared: PreparedDocument, chunks: number) => {
    summary.chunksWritten += chunks;
    const { id, type, aliases } = prepared.document;
    written.push({ id, type, aliases });
    if (stored.has(id)) summary.updated += 1;
    else summary.added += 1;
  };
  const recordFailure = (prepared: PreparedDocument, error: unknown) => {
    summary.failed += 1;
    filesWithProblems.add(prepared.document.sourcePath.split('#')[0]!);
    summary.problems.push({ source: prepared.document.sourcePath, message: `could not be stored: ${(error as Error).message}` });
  };

  /**
   * Writes embedded documents in one transaction; when that fails, document by document, so one bad document is
   * reported and the others are kept. Never rejects.
   */
  const writeBatch = async (batch: EmbeddedDocument[]): Promise<void> => {
    const writes: DocumentWrite[] = batch.map(({ prepared, vectors }) => ({
      document: prepared.document,
      summary: prepared.summary,
      contentHash: prepared.contentHash,
      embeddingModel: embedder.modelId,
      chunks: prepared.chunks.map((chunk, index) => ({ ...chunk, embedding: vectors[index]! })),
    }));
    try {
      await replaceDocuments(db, writes, { allNew: batch.every(({ prepared }) => !stored.has(prepared.document.id)) });
      writes.forEach((write, index) => recordStored(batch[index]!.prepared, write.chunks.length));
      return;
    } catch {
      // fall through: find the document that fails
    }
    for (const [index, write] of writes.entries()) {
      try {
        await replaceDocument(db, write);
        recordStored(batch[index]!.prepared, write.chunks.length);
      } catch (error) {
        recordFailure(batch[index]!.prepared, error);
      }
    }
  };

  // A bounded pipeline: files are parsed one at a time, their changed documents chunked and embedded in batches,
  // and each write overlaps with parsing and embedding what follows (on Postgres the server works while this process
  // does). At most WRITES_IN_FLIGHT writes are in flight and one is being gathered, so memory does not grow with the
  // library.
  const inFlight = new Set<Promise<void>>();
  const startWrite = async (batch: EmbeddedDocument[]) => {
    while (inFlight.size >= WRITES_IN_FLIGHT) await Promise.race(inFlight);
    const write: Promise<void> = writeBatch(batch).then(() => {
      inFlight.delete(write);
    });
    inFlight.add(write);
  };
  /** Never rejects (writeBatch does not). */
  const allWritten = async () => {
    await Promise.all(inFlight);
  };
  const gathering: EmbeddedDocument[] = [];
  let gatheringChunks = 0;
  const queueWrite = async (documents: EmbeddedDocument[], chunks: number, final: boolean) => {
    gathering.push(...documents);
    gatheringChunks += chunks;
    // Several embedding batches per transaction: fewer statements, trigger runs and commits per chunk.
    while (gatheringChunks >= WRITE_BATCH_CHUNKS || (final && gathering.length > 0)) {
      let take = 0;
      let taken = 0;
      while (take < gathering.length && taken < WRITE_BATCH_CHUNKS) taken += gathering[take++]!.prepared.chunks.length;
      const batch = gathering.splice(0, take);
      gatheringChunks -= taken;
      await startWrite(batch);
    }
  };

  const pending: PreparedDocument[] = [];
  let pendingChunks = 0;
  const flush = async (final: boolean) => {
    const batch = pending.splice(0);
    const chunks = pendingChunks;
    pendingChunks = 0;
    const vectors = await embedAll(
      embedder,
      batch.flatMap((prepared) => prepared.embeddingTexts),
      { purpose: 'document' },
    );
    let offset = 0;
    const embedded = batch.map((prepared) => {
      const documentVectors = vectors.slice(offset, offset + prepared.chunks.length);
      offset += prepared.chunks.length;
      return { prepared, vectors: documentVectors };
    });
    await queueWrite(embedded, chunks, final);
  };

  const enqueue = async (prepared: PreparedDocument) => {
    pending.push(prepared);
    pendingChunks += prepared.chunks.length;
    if (pendingChunks >= embedder.maxInputsPerCall) await flush(false);
  };

  try {
    // Until this run is known to write at least `bulkThreshold` chunks (then the HNSW and full-text indexes are
    // dropped and built once at the end) or fewer, its changed documents wait, chunked but not embedded: memory
    // bounded by the threshold.
    const waiting: PreparedDocument[] = [];
    let waitingChunks = 0;
    let decided = false;
    const changed = changedDocuments(discovery.files, stored, summary, seenIds, filesWithProblems, options.onProgress);
    for await (const { document, hash } of changed) {
      const prepared = prepareDocument(document, options.chunkOptions, hash);
      if (decided) {
        await enqueue(prepared);
        continue;
      }
      waiting.push(prepared);
      waitingChunks += prepared.chunks.length;
      if (waitingChunks < bulkThreshold) continue;
      // A large load: maintaining the indexes row by row is the slowest part, so build them once at the end.
      decided = true;
      bulkLoad = true;
      await dropEmbeddingIndex(db, embedder.dimensions);
      await deferChunkIndexes(db);
      for (const held of waiting.splice(0)) await enqueue(held);
    }
    for (const held of waiting.splice(0)) await enqueue(held);
    await flush(true);
    await allWritten();
  } finally {
    await allWritten(); // an embedding failure waits for the writes in flight before the indexes are built
    if (bulkLoad) {
      // Both builds only read the table (their locks do not conflict): on Postgres they run side by side on two
      // connections, on PGlite one after the other.
      const builds = await Promise.allSettled([rebuildEmbeddingIndex(db, embedder.dimensions), restoreDeferredIndexes(db)]);
      const failed = builds.find((build) => build.status === 'rejected');
      if (failed) throw failed.reason;
    }
  }

  summary.orphans = findOrphans(stored, seenIds, filesWithProblems, options.inputs, cwd);
  if (options.prune && summary.orphans.length > 0) {
    summary.removed = await deleteDocuments(db, summary.orphans);
  }

  if (summary.chunksWritten > 0 || summary.removed > 0) {
    await refreshSearchStatistics(db);
    await linkMethods(db, written);
  } else {
    await refreshSearchStatisticsIfStale(db); // an earlier run killed before this step left them behind its chunks
  }
  const totals = await countLibrary(db);
  summary.totalDocuments = totals.documents;
  summary.totalChunks = totals.chunks;
  summary.seconds = (performance.now() - started) / 1000;
  options.onProgress?.({ phase: 'done' });
  return summary;
}

/** Rows of chunks per write transaction (at least; whole documents). */
const WRITE_BATCH_CHUNKS = 64;

/**
 * Write transactions at once. Writing (text search vectors, postings, index entries) is most of a Postgres ingest's
 * work while this process mostly waits for it: with two in flight the server writes on two connections at once, so
 * it can use a second core. Their documents differ (ids are claimed once per run), so they never wait for each
 * other's rows. On PGlite transactions run one after another anyway: the second waits, one batch more in memory.
 */
const WRITES_IN_FLIGHT = 2;

interface EmbeddedDocument {
  prepared: PreparedDocument;
  vectors: number[][];
}

/**
 * Parses the files one at a time, in path order, and yields the documents that are new or changed (by content
 * hash); counts the unchanged ones and reports each file's problems and progress as it goes.
 *
 * Two files claiming one id: the file the database already knows for that id keeps it (else the first in path
 * order); the other is reported, never silently overwriting. A document claiming an id that the database knows from
 * another file not parsed yet waits until that file is: only such documents (an id moved between files) are held.
 */
async function* changedDocuments(
  files: DiscoveredFile[],
  stored: Map<string, StoredDocumentState>,
  summary: IngestSummary,
  seenIds: Map<string, string>,
  filesWithProblems: Set<string>,
  onProgress: IngestOptions['onProgress'],
): AsyncGenerator<{ document: LibraryDocument; hash: string }> {
  const unparsed = new Set(files.map((file) => file.relativePath));
  /** Documents waiting for the file that the database knows their id from, by that file. */
  const waiting = new Map<string, LibraryDocument[]>();
  const reject = (loser: LibraryDocument, winnerPath: string) => {
    summary.failed += 1;
    filesWithProblems.add(loser.sourcePath.split('#')[0]!);
    summary.problems.push({
      source: loser.sourcePath,
      message: `id "${loser.id}" is already used by ${winnerPath}; give one of them another id`,
    });
  };
  /** Keeps the document if no other claimed its id; yields it when it needs writing. */
  function* claim(document: LibraryDocument): Generator<{ document: LibraryDocument; hash: string }> {
    const winner = seenIds.get(document.id);
    if (winner !== undefined) {
      reject(document, winner);
      return;
    }
    seenIds.set(document.id, document.sourcePath);
    const hash = contentHash(document);
    if (stored.get(document.id)?.contentHash === hash) summary.unchanged += 1;
    else yield { document, hash }; // prepareDocument takes it rather than hash the document again
  }

  let done = 0;
  for (const file of files) {
    const outcome = await parseFile(file.absolutePath, file.relativePath);
    for (const problem of outcome.problems) {
      summary.problems.push(problem);
      summary.failed += 1;
      filesWithProblems.add(file.relativePath);
    }
    for (const document of outcome.documents) {
      const owner = stored.get(document.id)?.sourcePath;
      const ownerFile = owner?.split('#')[0];
      if (owner !== undefined && owner !== document.sourcePath && !seenIds.has(document.id) && unparsed.has(ownerFile!)) {
        waiting.set(ownerFile!, [...(waiting.get(ownerFile!) ?? []), document]);
        continue;
      }
      yield* claim(document);
    }
    unparsed.delete(file.relativePath);
    // The file these documents waited for is parsed: if it no longer claims their id, the first in path order wins.
    for (const document of waiting.get(file.relativePath) ?? []) yield* claim(document);
    waiting.delete(file.relativePath);
    done += 1;
    onProgress?.({ phase: 'file', done, total: files.length, file: file.relativePath });
  }
}

/**
 * Stored documents under the ingested inputs that this run did not see. A file that failed to parse keeps its
 * documents: a broken edit must never delete what the database already holds.
 */
function findOrphans(
  stored: Map<string, StoredDocumentState>,
  seenIds: Map<string, string>,
  filesWithProblems: Set<string>,
  inputs: string[],
  cwd: string,
): string[] {
  const orphans: string[] = [];
  for (const state of stored.values()) {
    if (seenIds.has(state.id)) continue;
    const file = state.sourcePath.split('#')[0]!;
    if (filesWithProblems.has(file)) continue;
    if (isUnderInputs(state.sourcePath, inputs, cwd)) orphans.push(state.id);
  }
  return orphans.sort();
}
