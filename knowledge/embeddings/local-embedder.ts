/**
 * The local embedder: deterministic, offline, no model file. A Danish-aware hashed bag of features (see
 * `countFeatures`) projected into a fixed number of dimensions with signed feature hashing.
 * It is the default so the bot works without any API key; quality is "good keyword search with fuzzy compounds and
 * inflections", not semantic understanding (no synonyms, no cross-language matching).
 */
import { LOCAL_EMBEDDING_MODEL } from '../../config/env.js';
import type { Embedder } from './embedder.js';
import { FeatureCounter } from './feature-counter.js';
import { countFeatures, FEATURE_WEIGHTS } from './local-features.js';

export interface LocalEmbedderOptions {
  /** Vector size; 64 to 2000 (pgvector's HNSW limit). */
  dimensions: number;
}

/**
 * How many texts one `embed` call takes. The work is synchronous CPU, so this bounds event-loop stalls; it also sets
 * the ingest's batch, and small batches die young: 256 cost ~40–90 MB more peak memory at 10,000 chunks.
 */
export const LOCAL_MAX_INPUTS_PER_CALL = 32;

/**
 * Creates the local embedder. `modelId` is 'local-da-hash-v1@<dimensions>'.
 * Vectors are L2-normalised. A text without any word (empty, only punctuation) gets the fixed unit vector
 * (1, 0, …, 0), so every vector has unit length and such texts are at least mutually identical.
 * `purpose` is ignored: queries and documents are encoded the same way.
 * @throws Error when `dimensions` is not a whole number from 64 to 2000.
 */
export function createLocalEmbedder(options: LocalEmbedderOptions): Embedder {
  const { dimensions } = options;
  if (!Number.isInteger(dimensions) || dimensions < 64 || dimensions > 2000) {
    throw new Error(`The local embedder needs 64 to 2000 dimensions (got ${dimensions}); check EMBEDDING_DIMENSIONS.`);
  }
  return {
    modelId: `${LOCAL_EMBEDDING_MODEL}@${dimensions}`,
    dimensions,
    maxInputsPerCall: LOCAL_MAX_INPUTS_PER_CALL,
    async embed(texts: string[]): Promise<number[][]> {
      return texts.map((text) => embedText(text, dimensions));
    },
  };
}

/** Reused across texts: embedding is synchronous, so one counter per process is safe. */
const counter = new FeatureCounter();

/** One text's unit vector (exported for tests and benchmarks; the embedder is the public way in). */
export function embedText(text: string, dimensions: number): number[] {
  const vector = new Float64Array(dimensions);
  counter.clear();
  countFeatures(text, counter);
  // Signed feature hashing with sublinear term frequency: bucket and sign both come from the (mixed) feature hash.
  counter.forEach((hash, count, kind) => {
    const value = FEATURE_WEIGHTS[kind]! * (1 + Math.log(count));
    vector[hash % dimensions] += hash & 0x80000000 ? -value : value;
  });

  let squaredNorm = 0;
  for (let i = 0; i < dimensions; i += 1) squaredNorm += vector[i]! * vector[i]!;
  const result = new Array<number>(dimensions);
  if (squaredNorm === 0) {
    result.fill(0);
    result[0] = 1;
    return result;
  }
  const scale = 1 / Math.sqrt(squaredNorm);
  for (let i = 0; i < dimensions; i += 1) result[i] = vector[i]! * scale;
  return result;
}
