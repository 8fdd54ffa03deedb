/**
 * The ingest pipeline: discover → parse → validate → chunk → embed in batches → upsert, incrementally by content
 * hash. Each document is written in its own transaction, so an interrupted run leaves every document either as it
 * was or fully replaced, and the next run finishes the job.
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
  ensureEmbeddingIndex,
  ensureEmbeddingModel,
} from '../knowledge/store/embedding-settings.js';
import { refreshSearchStatistics, refreshSearchStatisticsIfStale } from '../knowledge/store/term-stats.js';
import type { ChunkOptions } from './chunk-text.js';
import { discoverFiles, isUnderInputs } from './discover-files.js';
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
   * Drop the HNSW index during a large load and rebuild it once at the end (much faster than maintaining it row by
   * row). Used when this run writes at least this many chunks. @default 2000
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

  const seenIds = new Map<string, string>();
  const filesWithProblems = new Set<string>();
  const pending: PreparedDocument[] = [];
  /** Documents written by this run: their method names and aliases are linked at the end. */
  const written: LibraryDocument[] = [];
  let pendingChunks = 0;
  let bulkLoad = false;
  const bulkThreshold = options.bulkLoadThreshold ?? 2000;

  /** Records one stored document, or why it could not be stored. */
  const recordStored = (prepared: PreparedDocument, chunks: number) => {
    summary.chunksWritten += chunks;
    written.push(prepared.document);
    if (stored.has(prepared.document.id)) summary.updated += 1;
    else summary.added += 1;
  };
  const recordFailure = (prepared: PreparedDocument, error: unknown) => {
    summary.failed += 1;
    filesWithProblems.add(prepared.document.sourcePath.split('#')[0]!);
    summary.problems.push({ source: prepared.document.sourcePath, message: `could not be stored: ${(error as Error).message}` });
  };

  /**
   * Writes one embedded batch in one transaction; when that fails, document by document, so one bad document is
   * reported and the others are kept. Never rejects.
   */
  const writeBatch = async (batch: PreparedDocument[], vectors: number[][]): Promise<void> => {
    let offset = 0;
    const writes: DocumentWrite[] = batch.map((prepared) => {
      const chunks = prepared.chunks.map((chunk, index) => ({ ...chunk, embedding: vectors[offset + index]! }));
      offset += prepared.chunks.length;
      return { document: prepared.document, summary: prepared.summary, contentHash: prepared.contentHash, embeddingModel: embedder.modelId, chunks };
    });
    try {
      await replaceDocuments(db, writes);
      writes.forEach((write, index) => recordStored(batch[index]!, write.chunks.length));
      return;
    } catch {
      // fall through: find the document that fails
    }
    for (const [index, write] of writes.entries()) {
      try {
        await replaceDocument(db, write);
        recordStored(batch[index]!, write.chunks.length);
      } catch (error) {
        recordFailure(batch[index]!, error);
      }
    }
  };

  // Embedding a batch overlaps with writing the one before (on Postgres the server works while this process
  // embeds); at most one write is in flight, so memory holds at most two batches.
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending.splice(0);
    pendingChunks = 0;
    const vectors = await embedAll(
      embedder,
      batch.flatMap((prepared) => prepared.embeddingTexts),
      { purpose: 'document' },
    );
    await writing;
    writing = writeBatch(batch, vectors);
  };

  try {
    // Parse everything first, so id collisions are settled before anything is written.
    const parsed: LibraryDocument[] = [];
    let done = 0;
    for (const file of discovery.files) {
      const outcome = await parseFile(file.absolutePath, file.relativePath);
      for (const problem of outcome.problems) {
        summary.problems.push(problem);
        summary.failed += 1;
        filesWithProblems.add(file.relativePath);
      }
      parsed.push(...outcome.documents);
      done += 1;
      options.onProgress?.({ phase: 'file', done, total: discovery.files.length, file: file.relativePath });
    }

    // Only the documents are kept between the passes: chunking is cheap (~20 µs a chunk) and done again when
    // writing, while holding every prepared chunk of a large library at once doubled the ingest's peak memory.
    const changed: LibraryDocument[] = [];
    let chunksToWrite = 0;
    for (const document of resolveDuplicateIds(parsed, stored, summary, filesWithProblems)) {
      seenIds.set(document.id, document.sourcePath);
      if (stored.get(document.id)?.contentHash === contentHash(document)) {
        summary.unchanged += 1;
        continue;
      }
      changed.push(document);
      chunksToWrite += prepareDocument(document, options.chunkOptions).chunks.length;
    }
    parsed.length = 0;
    if (chunksToWrite >= bulkThreshold) {
      // A large load: maintaining the HNSW index row by row is the slowest part, so rebuild it once at the end.
      bulkLoad = true;
      await dropEmbeddingIndex(db, embedder.dimensions);
    }
    while (changed.length > 0) {
      const prepared = prepareDocument(changed.shift()!, options.chunkOptions);
      pending.push(prepared);
      pendingChunks += prepared.chunks.length;
      if (pendingChunks >= embedder.maxInputsPerCall) await flush();
    }
    await flush();
    await writing;
  } finally {
    await writing; // never rejects; an embedding failure waits for the write in flight before the index is rebuilt
    if (bulkLoad) await ensureEmbeddingIndex(db, embedder.dimensions);
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

/**
 * Two files claiming one id: the file the database already knows for that id keeps it (else the first in path
 * order); the other is reported, never silently overwriting.
 */
function resolveDuplicateIds(
  documents: LibraryDocument[],
  stored: Map<string, StoredDocumentState>,
  summary: IngestSummary,
  filesWithProblems: Set<string>,
): LibraryDocument[] {
  const byId = new Map<string, LibraryDocument[]>();
  for (const document of documents) byId.set(document.id, [...(byId.get(document.id) ?? []), document]);
  const kept: LibraryDocument[] = [];
  for (const [id, claimants] of byId) {
    const winner = claimants.find((document) => document.sourcePath === stored.get(id)?.sourcePath) ?? claimants[0]!;
    kept.push(winner);
    for (const loser of claimants) {
      if (loser === winner) continue;
      summary.failed += 1;
      filesWithProblems.add(loser.sourcePath.split('#')[0]!);
      summary.problems.push({
        source: loser.sourcePath,
        message: `id "${id}" is already used by ${winner.sourcePath}; give one of them another id`,
      });
    }
  }
  return kept;
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
