/**
 * Knowledge-base benchmark: ingest throughput (chunks/s), hybrid search latency p50/p95 over 200 queries, and peak
 * RSS, on PGlite and (when a URL is given) native Postgres.
 */
import { LOCAL_EMBEDDING_DIMENSIONS } from '../../config/env.js';
import { createLocalEmbedder } from '../../knowledge/embeddings/index.js';
import { searchLibrary } from '../../knowledge/retrieval/search-library.js';
import { runIngest } from '../../ingest/run-ingest.js';
import { loadQuestions } from '../../test/eval/evaluate-retrieval.js';
import fs from 'node:fs';
import { openBenchDatabase } from './bench-database.js';
import { peakRssMb, summarise } from './percentiles.js';
import { buildSyntheticLibrary } from './synthetic-library.js';

export interface KnowledgeBenchResult {
  database: string;
  chunks: number;
  documents: number;
  ingestSeconds: number;
  chunksPerSecond: number;
  search: { p50: number; p95: number; p99: number; mean: number; queries: number };
  peakRssMb: number;
}


export async function runKnowledgeBench(options: { chunks: number; queries: number; kind: 'pglite' | 'postgres'; url?: string; libraryDir: string }): Promise<KnowledgeBenchResult> {
  const library = await buildSyntheticLibrary(options.libraryDir, options.chunks);
  const { db, cleanup } = await openBenchDatabase(options.kind, options.url);
  const embedder = createLocalEmbedder({ dimensions: LOCAL_EMBEDDING_DIMENSIONS });
  try {
    const started = performance.now();
    const summary = await runIngest({ db, embedder }, { inputs: [library.dir], cwd: library.dir });
    const ingestSeconds = (performance.now() - started) / 1000;

    const questions = loadQuestions().map((question) => question.question);
    // Warm up caches and JIT so the numbers describe a running bot, not its first second.
    for (const question of questions.slice(0, 10)) await searchLibrary({ db, embedder }, question, { audience: 'public' });
    const timings: number[] = [];
    for (let i = 0; i < options.queries; i++) {
      const question = questions[i % questions.length]!;
      const t = performance.now();
      await searchLibrary({ db, embedder }, question, { audience: 'public' });
      timings.push(performance.now() - t);
    }
    const stats = summarise(timings);
    return {
      database: db.description,
      chunks: summary.totalChunks,
      documents: summary.totalDocuments,
      ingestSeconds: round(ingestSeconds),
      chunksPerSecond: Math.round(summary.chunksWritten / ingestSeconds),
      search: { p50: round(stats.p50), p95: round(stats.p95), p99: round(stats.p99), mean: round(stats.mean), queries: timings.length },
      peakRssMb: peakRssMb(),
    };
  } finally {
    await cleanup();
    fs.rmSync(library.dir, { recursive: true, force: true });
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
