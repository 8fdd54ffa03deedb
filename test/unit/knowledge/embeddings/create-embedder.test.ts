import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbedder } from '../../../../knowledge/embeddings/index.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../../fakes/fake-openai-server.js';

describe('createEmbedder', () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('should create the local embedder when the provider is local', async () => {
    const embedder = await createEmbedder({ provider: 'local', model: 'local-da-hash-v1', dimensions: 128 });
    expect(embedder.modelId).toBe('local-da-hash-v1@128');
    expect((await embedder.embed(['kommune']))[0]).toHaveLength(128);
  });

  it('should create the OpenAI embedder when the provider is openai', async () => {
    const embedder = await createEmbedder({
      provider: 'openai',
      model: 'text-embedding-3-large',
      dimensions: 256,
      apiKey: 'test-key',
      baseURL: fake.baseURL,
      timeoutMs: 2_000,
    });
    expect(embedder.modelId).toBe('openai:text-embedding-3-large@256');
    expect((await embedder.embed(['kommune']))[0]).toHaveLength(256);
  });
});
