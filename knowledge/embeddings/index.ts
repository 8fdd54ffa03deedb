/**
 * Public surface of the embeddings module: the port, its errors, batching, and the two adapters.
 */
export type { Embedder, EmbeddingPurpose } from './embedder.js';
export { EmbeddingError, type EmbeddingErrorCode } from './embedding-error.js';
export { embedAll, type EmbedAllOptions } from './embed-in-batches.js';
export { createEmbedder } from './create-embedder.js';
export { createLocalEmbedder, LOCAL_MAX_INPUTS_PER_CALL, type LocalEmbedderOptions } from './local-embedder.js';
export {
  createOpenAIEmbedder,
  KNOWN_OPENAI_EMBEDDING_DIMENSIONS,
  type OpenAIEmbedderOptions,
  type OpenAIEmbeddingConfig,
  type RetryPolicy,
} from './openai-embedder.js';
