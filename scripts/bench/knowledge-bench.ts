/**
 * Knowledge-base benchmark: ingest throughput (chunks/s), hybrid search latency p50/p95 over 200 queries, and peak
 * RSS, on PGlite and (when a URL is given) native Postgres. In the same run it times the database's floor — the raw
 * HNSW top-k and the raw full-text match alone (raw-query-floor.ts) — interleaved with the hybrid searches so both
 * see the same load, and reports hybrid p95 as a multiple of their sum.
 */
import { LOCAL_EMBEDDING_DIMENSIONS } from '../../config/env.js';
import { createLocalEmbedder } from '../../knowledge/embeddings/index.js';
import { searchLibrary } from '../../knowledge/retrieval/search-library.js';
import { runIngest } from '../../ingest/run-ingest.js';
import { loadQuestions } from '../../test/eval/evaluate-retrieval.js';
import fs from 'node:fs';
import os from 'node:os';
import { openBenchDatabase } from './bench-database.js';
import { peakRssMb, summarise } from './percentiles.js';
import { fullTextQueryFor, rawFullTextMatch, rawVectorTopK } from './raw-query-floor.js';
import { buildSyntheticLibrary } from './synthetic-library.js';

export interface KnowledgeBenchResult {
  database: string;
  chunks: number;
  documents: number;
  ingestSeconds: number;
  chunksPerSecond: number;
  search: { p50: number; p95: number; p99: number; mean: number; queries: number };
  /** The raw queries alone, same k (40 candidates) and filters, timed in the same run. */
  floor: { hnsw: Latency; fullText: Latency; k: number };
  /** hybrid p95 ÷ (HNSW-only p95 + full-text-only p95): the figure to improve, robust to the machine's load. */
  hybridOverFloor: number;
  /** Peak RSS when the ingest ended (synthetic library built, ingest done, no search yet). */
  ingestPeakRssMb: number;
  /** Peak RSS of the whole run. */
  peakRssMb: number;
  /** The machine's 1-, 5- and 15-minute load averages when the searches ended (the machine is shared). */
  loadAverage: number[];
}

interface Latency {
  p50: number;
  p95: number;
  p99: number;
}

/** The search's candidate count per retriever (searchLibrary's default), used as k for the raw queries. */
const FLOOR_K = 40;

export async function runKnowledgeBench(options: { chunks: number; queries: number; kind: 'pglite' | 'postgres'; url?: string; libraryDir: string }): Promise<KnowledgeBenchResult> {
  const library = await buildSyntheticLibrary(options.libraryDir, options.chunks);
  const { db, cleanup } = await openBenchDatabase(options.kind, options.url);
  const embedder = createLocalEmbedder({ dimensions: LOCAL_EMBEDDING_DIMENSIONS });
  try {
    const started = performance.now();
    const summary = await runIngest({ db, embedder }, { inputs: [library.dir], cwd: library.dir });
    const ingestSeconds = (performance.now() - started) / 1000;
    const ingestPeakRssMb = peakRssMb();

    const questions = loadQuestions().map((question) => question.question);
    // Warm up caches and JIT so the numbers describe a running bot, not its first second.
    for (const question of questions.slice(0, 10)) await searchLibrary({ db, embedder }, question, { audience: 'public' });
    // The raw queries get the question's embedding and terms ready-made: the floor is the database's work alone.
    const embeddings = await embedder.embed(questions, 'query');
    const tsqueries = questions.map(fullTextQueryFor);
    const hybrid: number[] = [];
    const hnsw: number[] = [];
    const fullText: number[] = [];
    for (let i = 0; i < options.queries; i++) {
      const q = i % questions.length;
      let t = performance.now();
      await searchLibrary({ db, embedder }, questions[q]!, { audience: 'public' });
      hybrid.push(performance.now() - t);
      t = performance.now();
      await rawVectorTopK(db, embeddings[q]!, embedder.dimensions, FLOOR_K);
      hnsw.push(performance.now() - t);
      t = performance.now();
      await rawFullTextMatch(db, tsqueries[q]!, FLOOR_K);
      fullText.push(performance.now() - t);
    }
    const stats = summarise(hybrid);
    const hnswStats = latency(hnsw);
    const fullTextStats = latency(fullText);
    return {
      database: db.description,
      chunks: summary.totalChunks,
      documents: summary.totalDocuments,
      ingestSeconds: round(ingestSeconds),
      chunksPerSecond: Math.round(summary.chunksWritten / ingestSeconds),
      search: { p50: round(stats.p50), p95: round(stats.p95), p99: round(stats.p99), mean: round(stats.mean), queries: hybrid.length },
      floor: { hnsw: hnswStats, fullText: fullTextStats, k: FLOOR_K },
      hybridOverFloor: Math.round((stats.p95 / (summarise(hnsw).p95 + summarise(fullText).p95)) * 100) / 100,
      loadAverage: os.loadavg().map((value) => Math.round(value * 100) / 100),
      ingestPeakRssMb,
      peakRssMb: peakRssMb(),
    };
  } finally {
    await cleanup();
    fs.rmSync(library.dir, { recursive: true, force: true });
  }
}

function latency(values: number[]): Latency {
  const stats = summarise(values);
  return { p50: round(stats.p50), p95: round(stats.p95), p99: round(stats.p99) };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
