import { describe, expect, it } from 'vitest';
import { embedAll } from '../../../../knowledge/embeddings/embed-in-batches.js';
import type { Embedder } from '../../../../knowledge/embeddings/embedder.js';
import { EmbeddingError } from '../../../../knowledge/embeddings/embedding-error.js';

/** An embedder that records its calls and returns [index-in-call, text length]. */
function recordingEmbedder(maxInputsPerCall: number, broken = false) {
  const calls: Array<{ texts: string[]; purpose?: string }> = [];
  const embedder: Embedder = {
    modelId: 'test@2',
    dimensions: 2,
    maxInputsPerCall,
    async embed(texts, purpose) {
      calls.push({ texts, purpose });
      const vectors = texts.map((text, index) => [index, text.length]);
      return broken ? vectors.slice(1) : vectors;
    },
  };
  return { embedder, calls };
}

describe('embedAll', () => {
  it('should split into calls of at most maxInputsPerCall and keep order when given more texts', async () => {
    const { embedder, calls } = recordingEmbedder(3);
    const texts = ['a', 'bb', 'ccc', 'dddd', 'eeeee', 'ffffff', 'g'];
    const vectors = await embedAll(embedder, texts, { purpose: 'query' });
    expect(calls.map((call) => call.texts.length)).toEqual([3, 3, 1]);
    expect(calls.every((call) => call.purpose === 'query')).toBe(true);
    expect(vectors.map((vector) => vector[1])).toEqual([1, 2, 3, 4, 5, 6, 1]);
  });

  it('should report progress after each batch when onBatch is given', async () => {
    const { embedder } = recordingEmbedder(2);
    const progress: Array<{ done: number; total: number; batchSize: number }> = [];
    await embedAll(embedder, ['a', 'b', 'c'], { onBatch: (report) => progress.push(report) });
    expect(progress).toEqual([
      { done: 2, total: 3, batchSize: 2 },
      { done: 3, total: 3, batchSize: 1 },
    ]);
  });

  it('should default the purpose to document and make no call when there are no texts', async () => {
    const { embedder, calls } = recordingEmbedder(2);
    expect(await embedAll(embedder, [])).toEqual([]);
    expect(calls).toHaveLength(0);
    await embedAll(embedder, ['x']);
    expect(calls[0]!.purpose).toBe('document');
  });

  it('should throw embedding.bad_response when a batch returns the wrong number of vectors', async () => {
    const { embedder } = recordingEmbedder(2, true);
    const error = await embedAll(embedder, ['a', 'b']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EmbeddingError);
    expect((error as EmbeddingError).code).toBe('embedding.bad_response');
  });
});
