/**
 * Chooses the embedder from the settings; the one place that knows both adapters.
 */
import type { EmbeddingConfig } from '../../config/env.js';
import type { Embedder } from './embedder.js';
import { createLocalEmbedder } from './local-embedder.js';
import { createOpenAIEmbedder, type OpenAIEmbedderOptions } from './openai-embedder.js';

/**
 * The embedder for `config`: the offline local embedder, or the OpenAI(-compatible) one.
 * Async because the OpenAI embedder may have to ask the server for its vector size (unknown model, no
 * EMBEDDING_DIMENSIONS). `openai` tunes the OpenAI adapter (tests shorten retry delays).
 * @throws EmbeddingError when the OpenAI embedder cannot be set up; Error for impossible local dimensions.
 */
export async function createEmbedder(
  config: EmbeddingConfig,
  options: { openai?: OpenAIEmbedderOptions } = {},
): Promise<Embedder> {
  if (config.provider === 'local') return createLocalEmbedder({ dimensions: config.dimensions });
  return createOpenAIEmbedder(config, options.openai);
}
