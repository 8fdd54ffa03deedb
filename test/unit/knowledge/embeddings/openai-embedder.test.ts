import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { embedAll } from '../../../../knowledge/embeddings/embed-in-batches.js';
import { EmbeddingError } from '../../../../knowledge/embeddings/embedding-error.js';
import { createOpenAIEmbedder, type OpenAIEmbeddingConfig } from '../../../../knowledge/embeddings/openai-embedder.js';
import {
  errorReply,
  rateLimitReply,
  startFakeOpenAI,
  type FakeOpenAI,
} from '../../../fakes/fake-openai-server.js';

/** Retries in milliseconds, not seconds. */
const fastRetry = { retry: { baseDelayMs: 1, maxDelayMs: 5 } };
const norm = (vector: number[]) => Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));

describe('createOpenAIEmbedder', () => {
  let fake: FakeOpenAI;
  let config: OpenAIEmbeddingConfig;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    config = {
      provider: 'openai',
      model: 'text-embedding-3-small',
      dimensions: 32,
      apiKey: 'test-key',
      baseURL: fake.baseURL,
      timeoutMs: 2_000,
    };
  });

  it('should return unit vectors of the requested dimension in input order when given several texts', async () => {
    const embedder = await createOpenAIEmbedder(config, fastRetry);
    const texts = ['kommune', 'borger', 'hverdagsrehabilitering', 'kommune'];
    const vectors = await embedder.embed(texts, 'query');
    expect(embedder.modelId).toBe('openai:text-embedding-3-small@32');
    expect(vectors).toHaveLength(4);
    for (const vector of vectors) {
      expect(vector).toHaveLength(32);
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
    expect(vectors[0]).toEqual(vectors[3]);
    expect(vectors[0]).not.toEqual(vectors[1]);

    const [request] = fake.requestsTo('/v1/embeddings');
    expect(request!.headers.authorization).toBe('Bearer test-key');
    expect(request!.body).toMatchObject({ model: 'text-embedding-3-small', dimensions: 32, input: texts });
  });

  it('should send one request per batch and keep order when embedAll splits the texts', async () => {
    const embedder = await createOpenAIEmbedder(config, { ...fastRetry, maxInputsPerCall: 2 });
    const texts = ['a', 'b', 'c', 'd', 'e'];
    const batched = await embedAll(embedder, texts);
    const single = await Promise.all(texts.map(async (text) => (await embedder.embed([text]))[0]));
    const requests = fake.requestsTo('/v1/embeddings');
    expect(requests.slice(0, 3).map((request) => (request.body as { input: string[] }).input)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e'],
    ]);
    expect(batched).toEqual(single);
  });

  it('should use the known size of an OpenAI model when no dimension is configured', async () => {
    const embedder = await createOpenAIEmbedder({ ...config, dimensions: undefined }, fastRetry);
    expect(embedder.dimensions).toBe(1536);
    expect(fake.requests).toHaveLength(0);
    const [vector] = await embedder.embed(['test']);
    expect(vector).toHaveLength(1536);
    expect(fake.requests[0]!.body).not.toHaveProperty('dimensions');
  });

  it('should probe the dimension once when the model is unknown and no dimension is configured', async () => {
    const embedder = await createOpenAIEmbedder({ ...config, model: 'nomic-embed-text', dimensions: undefined }, fastRetry);
    expect(embedder.dimensions).toBe(64);
    expect(embedder.modelId).toBe('openai:nomic-embed-text@64');
    expect(fake.requestsTo('/v1/embeddings')).toHaveLength(1);
  });

  it('should succeed after retrying when the server answers 429 twice', async () => {
    const embedder = await createOpenAIEmbedder(config, fastRetry);
    fake.queueEmbeddings(rateLimitReply(0), rateLimitReply(0));
    const vectors = await embedder.embed(['a', 'b', 'c']);
    expect(vectors).toHaveLength(3);
    expect(fake.requestsTo('/v1/embeddings')).toHaveLength(3);
  });

  it('should succeed after retrying when the server answers 500 once', async () => {
    const embedder = await createOpenAIEmbedder(config, fastRetry);
    fake.queueEmbeddings(errorReply(500, 'The server had an error'));
    await expect(embedder.embed(['a'])).resolves.toHaveLength(1);
    expect(fake.requestsTo('/v1/embeddings')).toHaveLength(2);
  });

  it('should succeed after retrying when the connection drops once', async () => {
    const embedder = await createOpenAIEmbedder(config, fastRetry);
    fake.queueEmbeddings({ drop: true });
    await expect(embedder.embed(['a'])).resolves.toHaveLength(1);
    expect(fake.requestsTo('/v1/embeddings')).toHaveLength(2);
  });

  it('should give up with embedding.rate_limited after 4 attempts when the server keeps answering 429', async () => {
    const embedder = await createOpenAIEmbedder(config, fastRetry);
    fake.onEmbeddings(() => rateLimitReply(0));
    const error = await embedder.embed(['a']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EmbeddingError);
    expect((error as EmbeddingError).code).toBe('embedding.rate_limited');
    expect((error as EmbeddingError).status).toBe(429);
    expect(fake.requestsTo('/v1/embeddings')).toHaveLength(4);
  });

  it('should fail with embedding.unauthorized at once when the key is rejected (401)', async () => {
    // Default retry delays on purpose, with the waits recorded: a 401 must not be retried or waited for at all.
    const waits: number[] = [];
    const embedder = await createOpenAIEmbedder(config, { retry: { sleep: async (ms) => void waits.push(ms) } });
    fake.queueEmbeddings(errorReply(401, 'Incorrect API key provided', 'invalid_api_key'));
    const error = await embedder.embed(['a']).catch((caught: unknown) => caught);
    expect(waits).toEqual([]);
    expect(error).toBeInstanceOf(EmbeddingError);
    expect((error as EmbeddingError).code).toBe('embedding.unauthorized');
    expect((error as EmbeddingError).message).toMatch(/rejected the API key \(401\).*OPENAI_API_KEY/);
    expect((error as EmbeddingError).cause).toBeDefined();
    expect(fake.requestsTo('/v1/embeddings')).toHaveLength(1);
  });

  it('should fail with embedding.bad_response without retrying when the request is refused (400)', async () => {
    const embedder = await createOpenAIEmbedder(config, fastRetry);
    fake.queueEmbeddings(errorReply(400, 'This model does not support specifying dimensions.'));
    const error = await embedder.embed(['a']).catch((caught: unknown) => caught);
    expect((error as EmbeddingError).code).toBe('embedding.bad_response');
    expect((error as EmbeddingError).message).toMatch(/EMBEDDING_DIMENSIONS.*does not support/);
    expect(fake.requestsTo('/v1/embeddings')).toHaveLength(1);
  });

  it('should fail with embedding.bad_response when the vectors have the wrong length', async () => {
    const embedder = await createOpenAIEmbedder(config, fastRetry);
    fake.queueEmbeddings({ embeddings: [[1, 0, 0]] });
    const error = await embedder.embed(['a']).catch((caught: unknown) => caught);
    expect((error as EmbeddingError).code).toBe('embedding.bad_response');
    expect((error as EmbeddingError).message).toMatch(/3 numbers, expected 32/);
  });

  it('should fail with embedding.timeout after retries when the server is too slow', async () => {
    const embedder = await createOpenAIEmbedder({ ...config, timeoutMs: 50 }, { retry: { attempts: 2, baseDelayMs: 1 } });
    fake.onEmbeddings(() => ({ delayMs: 1_000 }));
    const error = await embedder.embed(['a']).catch((caught: unknown) => caught);
    expect((error as EmbeddingError).code).toBe('embedding.timeout');
    expect((error as EmbeddingError).message).toMatch(/OPENAI_TIMEOUT_MS/);
    expect(fake.requestsTo('/v1/embeddings')).toHaveLength(2);
  });

  it('should fail with embedding.unavailable naming the base URL when nothing listens on the port', async () => {
    const closed = await startFakeOpenAI();
    const baseURL = closed.baseURL;
    await closed.close();
    const embedder = await createOpenAIEmbedder({ ...config, baseURL }, fastRetry);
    const error = await embedder.embed(['a']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EmbeddingError);
    expect((error as EmbeddingError).code).toBe('embedding.unavailable');
    expect((error as EmbeddingError).message).toContain(baseURL);
    expect((error as EmbeddingError).message).toContain('ECONNREFUSED');
  });

  it('should refuse to start with embedding.unauthorized when there is no API key', async () => {
    await expect(createOpenAIEmbedder({ ...config, apiKey: '' })).rejects.toMatchObject({
      code: 'embedding.unauthorized',
      message: expect.stringMatching(/OPENAI_API_KEY/),
    });
  });

  it('should make no request when given no texts', async () => {
    const embedder = await createOpenAIEmbedder(config, fastRetry);
    expect(await embedder.embed([])).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });

  it('should send a blank text as one space when given an empty string', async () => {
    const embedder = await createOpenAIEmbedder(config, fastRetry);
    await embedder.embed(['', 'x']);
    expect((fake.requests[0]!.body as { input: string[] }).input).toEqual([' ', 'x']);
  });
});
