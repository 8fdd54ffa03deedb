/**
 * The knowledge ports with metrics: embedder calls (and texts, failures, time) by purpose, and the time of each
 * library search. The search of a knowledge base embeds through the embedder it was opened with, so the embedder is
 * wrapped before the knowledge base is opened (adapters/bootstrap.ts) and the search after.
 */
import type { Embedder } from '../knowledge/embeddings/embedder.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import { secondsSince, type Metrics } from './metrics.js';

/** `embedder` whose calls are recorded in `metrics`. */
export function instrumentEmbedder(embedder: Embedder, metrics: Metrics): Embedder {
  const { calls, texts, errors, duration } = metrics.embedding;
  return {
    get modelId() {
      return embedder.modelId;
    },
    // An OpenAI embedder learns its dimension from the first answer: read it through, never copy it.
    get dimensions() {
      return embedder.dimensions;
    },
    get maxInputsPerCall() {
      return embedder.maxInputsPerCall;
    },
    async embed(inputs, purpose) {
      const labels = { purpose: purpose ?? 'document' };
      calls.inc(labels);
      texts.inc(labels, inputs.length);
      const start = performance.now();
      try {
        const vectors = await embedder.embed(inputs, purpose);
        duration.observe(labels, secondsSince(start));
        return vectors;
      } catch (error) {
        errors.inc(labels);
        throw error;
      }
    },
  };
}

/** `knowledge` whose searches are timed in `metrics` (failed searches are not timed). */
export function instrumentKnowledgeBase(knowledge: KnowledgeBase, metrics: Metrics): KnowledgeBase {
  return {
    ...knowledge,
    async search(question, options) {
      const start = performance.now();
      const hits = await knowledge.search(question, options);
      metrics.retrievalDuration.observe(secondsSince(start));
      return hits;
    },
  };
}
