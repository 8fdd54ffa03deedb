/**
 * Embeds any number of texts by splitting them into calls of at most `embedder.maxInputsPerCall`.
 * Batching lives here once; adapters only ever see lists they can send in one request.
 */
import type { Embedder, EmbeddingPurpose } from './embedder.js';
import { EmbeddingError } from './embedding-error.js';

export interface EmbedAllOptions {
  purpose?: EmbeddingPurpose;
  /** Called after each batch (progress reporting); `done` counts texts embedded so far. */
  onBatch?: (progress: { done: number; total: number; batchSize: number }) => void;
}

/**
 * Vectors for all `texts`, in input order. Batches run one after another (providers rate-limit; the local embedder
 * is CPU-bound anyway), so a failure stops at the first failing batch and throws its error.
 * @throws EmbeddingError from the embedder, or EmbeddingError 'embedding.bad_response' when a batch returns the
 *   wrong number of vectors.
 */
export async function embedAll(
  embedder: Embedder,
  texts: readonly string[],
  options: EmbedAllOptions = {},
): Promise<number[][]> {
  const batchSize = Math.max(1, Math.floor(embedder.maxInputsPerCall));
  const vectors: number[][] = [];
  for (let start = 0; start < texts.length; start += batchSize) {
    const batch = texts.slice(start, start + batchSize);
    const batchVectors = await embedder.embed(batch, options.purpose ?? 'document');
    if (batchVectors.length !== batch.length) {
      throw new EmbeddingError(
        'embedding.bad_response',
        `The embedder ${embedder.modelId} returned ${batchVectors.length} vectors for ${batch.length} texts.`,
      );
    }
    for (const vector of batchVectors) vectors.push(vector);
    options.onBatch?.({ done: vectors.length, total: texts.length, batchSize: batch.length });
  }
  return vectors;
}
