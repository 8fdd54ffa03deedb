/**
 * The OpenAI embedder: `OpenAIEmbeddings` from @langchain/openai against api.openai.com or any OpenAI-compatible
 * server (OPENAI_BASE_URL), with bounded retries and errors translated to EmbeddingError.
 *
 * Retries are ours, not LangChain's (`maxRetries: 0` there): LangChain's caller waits seconds between attempts with
 * no way to shorten them in tests, and does not tell us which failure ended the retries.
 * LangChain is imported only here, when the OpenAI embedder is chosen: it costs ~40 MB that local embeddings never need.
 */
import type { EmbeddingConfig } from '../../config/env.js';
import type { Embedder, EmbeddingPurpose } from './embedder.js';
import { EmbeddingError } from './embedding-error.js';
import { classifyOpenAIError, type OpenAIErrorContext } from './openai-error.js';
import { retry } from '../../config/retry.js';

export type OpenAIEmbeddingConfig = Extract<EmbeddingConfig, { provider: 'openai' }>;

/** How often and how long the embedder retries 429, 5xx and network failures. */
export interface RetryPolicy {
  /** Total attempts including the first (default 4). */
  attempts?: number;
  /** Delay before the 2nd attempt; doubles each time, ±25 % jitter (default 500 ms). */
  baseDelayMs?: number;
  /** Upper bound for any single delay, including a server's `retry-after` (default 20 s). */
  maxDelayMs?: number;
  /** How to wait (default: setTimeout); tests pass a recorder. */
  sleep?: (ms: number) => Promise<void>;
}

/** Ingest can wait: four attempts over about 3.5 s, or as long as the server's retry-after asks (up to 20 s). */
export const DEFAULT_EMBEDDING_RETRY_POLICY = { attempts: 4, baseDelayMs: 500, maxDelayMs: 20_000 } as const;

export interface OpenAIEmbedderOptions {
  /** Retry attempts and delays (tests shorten them). Default: 4 attempts, 0.5 s doubling, at most 20 s. */
  retry?: RetryPolicy;
  /** Texts per request (default 256; OpenAI allows 2,048 inputs and 300k tokens per request). */
  maxInputsPerCall?: number;
}

/** Output sizes of OpenAI's embedding models when no `dimensions` is requested. */
export const KNOWN_OPENAI_EMBEDDING_DIMENSIONS: Readonly<Record<string, number>> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
const DEFAULT_MAX_INPUTS_PER_CALL = 256;

/**
 * Creates the OpenAI embedder. `modelId` is 'openai:<model>@<dimensions>'.
 * The dimension is `config.dimensions` when set (sent to the API as `dimensions`), else the known size of an OpenAI
 * model, else learnt by embedding one short probe text now (so this may make one request, with retries).
 * Returned vectors are re-normalised to unit length (compatible servers do not all normalise) and checked: right
 * count, right length, finite numbers.
 * @throws EmbeddingError when there is no API key, or when the probe fails.
 */
export async function createOpenAIEmbedder(
  config: OpenAIEmbeddingConfig,
  options: OpenAIEmbedderOptions = {},
): Promise<Embedder> {
  const context: OpenAIErrorContext = { baseURL: config.baseURL ?? DEFAULT_BASE_URL, model: config.model };
  if (!config.apiKey) {
    throw new EmbeddingError(
      'embedding.unauthorized',
      'No API key for the OpenAI embedder: set OPENAI_API_KEY, or EMBEDDING_PROVIDER=local to embed offline.',
    );
  }
  const maxInputsPerCall = options.maxInputsPerCall ?? DEFAULT_MAX_INPUTS_PER_CALL;
  const { OpenAIEmbeddings } = await import('@langchain/openai');
  const client = new OpenAIEmbeddings({
    apiKey: config.apiKey,
    model: config.model,
    dimensions: config.dimensions,
    batchSize: maxInputsPerCall,
    maxRetries: 0,
    timeout: config.timeoutMs,
    configuration: config.baseURL ? { baseURL: config.baseURL } : undefined,
  });

  const request = (texts: string[], expectedDimensions: number | undefined) =>
    retry(async () => checkVectors(await client.embedDocuments(texts.map(nonEmpty)), texts.length, expectedDimensions, context), {
      retries: Math.max(1, options.retry?.attempts ?? DEFAULT_EMBEDDING_RETRY_POLICY.attempts) - 1,
      baseDelayMs: options.retry?.baseDelayMs ?? DEFAULT_EMBEDDING_RETRY_POLICY.baseDelayMs,
      maxDelayMs: options.retry?.maxDelayMs ?? DEFAULT_EMBEDDING_RETRY_POLICY.maxDelayMs,
      classify: (error) => classifyOpenAIError(error, context),
      ...(options.retry?.sleep ? { sleep: options.retry.sleep } : {}),
    }).catch((error: unknown) => {
      throw classifyOpenAIError(error, context).error;
    });

  const dimensions =
    config.dimensions ??
    KNOWN_OPENAI_EMBEDDING_DIMENSIONS[config.model] ??
    (await request(['dimension probe'], undefined))[0]!.length;

  return {
    modelId: `openai:${config.model}@${dimensions}`,
    dimensions,
    maxInputsPerCall,
    async embed(texts: string[], _purpose?: EmbeddingPurpose): Promise<number[][]> {
      if (texts.length === 0) return [];
      return request(texts, dimensions);
    },
  };
}

/** OpenAI rejects empty inputs; a blank text is sent as one space (it then gets some fixed vector). */
function nonEmpty(text: string): string {
  return text.trim() === '' ? ' ' : text;
}

/** Validates the answer and returns unit-length copies. Throws a (non-retryable) EmbeddingError otherwise. */
function checkVectors(
  vectors: ArrayLike<number>[],
  expectedCount: number,
  expectedDimensions: number | undefined,
  context: OpenAIErrorContext,
): number[][] {
  const where = `${context.baseURL} (model "${context.model}")`;
  if (vectors.length !== expectedCount) {
    throw new EmbeddingError(
      'embedding.bad_response',
      `The embedding server at ${where} returned ${vectors.length} vectors for ${expectedCount} texts.`,
    );
  }
  return vectors.map((vector) => {
    const length = vector?.length ?? 0;
    if (length === 0 || (expectedDimensions !== undefined && length !== expectedDimensions)) {
      throw new EmbeddingError(
        'embedding.bad_response',
        `The embedding server at ${where} returned a vector of ${length} numbers, expected ` +
          `${expectedDimensions ?? 'more than 0'}: check EMBEDDING_DIMENSIONS, and that the server supports ` +
          '`encoding_format: "base64"` (float32) as the OpenAI API does.',
      );
    }
    let squaredNorm = 0;
    for (let i = 0; i < length; i += 1) squaredNorm += vector[i]! * vector[i]!;
    if (!Number.isFinite(squaredNorm) || squaredNorm === 0) {
      throw new EmbeddingError(
        'embedding.bad_response',
        `The embedding server at ${where} returned a zero or non-numeric vector.`,
      );
    }
    const scale = 1 / Math.sqrt(squaredNorm);
    return Array.from(vector, (value) => value * scale);
  });
}
