/**
 * The embedding port: turns texts into vectors for semantic search. Two adapters exist (local hashing, OpenAI);
 * everything else depends on this interface only.
 */

/** Why a text is embedded; an adapter may encode questions and passages differently (asymmetric models). */
export type EmbeddingPurpose = 'document' | 'query';

export interface Embedder {
  /**
   * Stored with every chunk; a change of modelId on an existing database must be detected (vectors of different
   * models are not comparable). Includes the dimension, e.g. 'local-da-hash-v1@384' or
   * 'openai:text-embedding-3-small@1536'.
   */
  readonly modelId: string;
  readonly dimensions: number;
  /** The most texts one `embed` call should carry; `embedAll` splits longer lists. */
  readonly maxInputsPerCall: number;
  /**
   * Unit-length vectors, one per input, same order. `purpose` (default 'document') lets query and document
   * encodings differ if useful.
   * @throws EmbeddingError when the provider fails for good (after any retries).
   */
  embed(texts: string[], purpose?: EmbeddingPurpose): Promise<number[][]>;
}

export { EmbeddingError, type EmbeddingErrorCode } from './embedding-error.js';
