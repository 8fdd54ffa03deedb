import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorReply, rateLimitReply, startFakeOpenAI, type FakeOpenAI } from '../../fakes/fake-openai-server.js';

describe('startFakeOpenAI', () => {
  let fake: FakeOpenAI;
  const chat = () =>
    new ChatOpenAI({ apiKey: 'test-key', model: 'gpt-4o-mini', maxRetries: 0, configuration: { baseURL: fake.baseURL } });
  const embeddings = (dimensions?: number) =>
    new OpenAIEmbeddings({
      apiKey: 'test-key',
      model: 'text-embedding-3-small',
      dimensions,
      maxRetries: 0,
      configuration: { baseURL: fake.baseURL },
    });

  beforeAll(async () => {
    fake = await startFakeOpenAI({ chatContent: 'Standardsvar fra den falske model.' });
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('should listen on 127.0.0.1 under /v1 when started', () => {
    expect(fake.baseURL).toBe(`http://127.0.0.1:${fake.port}/v1`);
  });

  describe('embeddings', () => {
    it('should return base64 float32 vectors that OpenAIEmbeddings decodes when given several inputs', async () => {
      const vectors = await embeddings(8).embedDocuments(['kommune', 'borger', 'kommune']);
      expect(vectors).toHaveLength(3);
      for (const vector of vectors) expect(vector).toHaveLength(8);
      expect(vectors[0]).toEqual(vectors[2]);
      expect(vectors[0]).not.toEqual(vectors[1]);
      const norm = Math.sqrt(vectors[0]!.reduce((sum, value) => sum + value * value, 0));
      expect(norm).toBeCloseTo(1, 5);
      expect(fake.requests[0]).toMatchObject({
        method: 'POST',
        path: '/v1/embeddings',
        body: { model: 'text-embedding-3-small', input: ['kommune', 'borger', 'kommune'], dimensions: 8, encoding_format: 'base64' },
      });
      expect(fake.requests[0]!.headers.authorization).toBe('Bearer test-key');
    });

    it('should use the model default size when embedQuery sends no dimensions', async () => {
      const vector = await embeddings().embedQuery('hej');
      expect(vector).toHaveLength(1536);
      expect(fake.requests[0]!.body).toMatchObject({ input: 'hej' });
    });

    it('should return plain arrays with index and usage when encoding_format is float', async () => {
      const response = await fetch(`${fake.baseURL}/embeddings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'x', input: ['a', 'bb'], dimensions: 4, encoding_format: 'float' }),
      });
      const body = (await response.json()) as { data: Array<{ index: number; embedding: number[] }>; usage: object };
      expect(body.data.map((item) => item.index)).toEqual([0, 1]);
      expect(body.data[0]!.embedding).toHaveLength(4);
      expect(body.usage).toEqual({ prompt_tokens: 2, total_tokens: 2 });
    });

    it('should use scripted vectors and a custom embedText when given them', async () => {
      const custom = await startFakeOpenAI({ embedText: (text, dimensions) => Array.from({ length: dimensions }, () => text.length) });
      try {
        const client = new OpenAIEmbeddings({ apiKey: 'k', model: 'm', dimensions: 3, maxRetries: 0, configuration: { baseURL: custom.baseURL } });
        expect(await client.embedDocuments(['abc'])).toEqual([[3, 3, 3]]);
        custom.queueEmbeddings({ embeddings: [[0.5, 0.25, 0.125]] });
        expect(await client.embedDocuments(['x'])).toEqual([[0.5, 0.25, 0.125]]);
      } finally {
        await custom.close();
      }
    });
  });

  describe('chat completions', () => {
    it('should answer with the default scripted text when nothing is queued', async () => {
      const answer = await chat().invoke('Hej');
      expect(answer.content).toBe('Standardsvar fra den falske model.');
      expect(answer.usage_metadata?.total_tokens).toBeGreaterThan(0);
      expect(fake.requestsTo('/v1/chat/completions')[0]!.body).toMatchObject({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Hej' }],
      });
    });

    it('should use queued replies in order before the handler when both are set', async () => {
      fake.onChat(({ lastUserMessage }) => ({ content: `Du spurgte: ${lastUserMessage}` }));
      fake.queueChat({ content: 'første' }, { content: 'anden' });
      const model = chat();
      expect((await model.invoke('a')).content).toBe('første');
      expect((await model.invoke('b')).content).toBe('anden');
      expect((await model.invoke('c')).content).toBe('Du spurgte: c');
    });

    it('should fall back to the default when the handler returns undefined', async () => {
      fake.onChat(() => undefined);
      expect((await chat().invoke('x')).content).toBe('Standardsvar fra den falske model.');
    });

    it('should return JSON content for structured output when given a json reply', async () => {
      fake.queueChat({ json: { answer: 'Aarhus har prøvet det.', sources: [1, 2] } });
      const schema = z.object({ answer: z.string(), sources: z.array(z.number()) });
      const result = await chat().withStructuredOutput(schema).invoke('Hvem har prøvet det?');
      expect(result).toEqual({ answer: 'Aarhus har prøvet det.', sources: [1, 2] });
      expect(fake.requests[0]!.body).toHaveProperty('response_format.type', 'json_schema');
    });

    it('should return tool calls when given a toolCalls reply', async () => {
      fake.queueChat({ toolCalls: [{ name: 'extract', arguments: { answer: 'ja', sources: [] } }] });
      const schema = z.object({ answer: z.string(), sources: z.array(z.number()) });
      const result = await chat().withStructuredOutput(schema, { name: 'extract', method: 'functionCalling' }).invoke('q');
      expect(result).toEqual({ answer: 'ja', sources: [] });
    });

    it('should stream the content as SSE chunks when the client streams', async () => {
      fake.queueChat({ content: 'Rehabilitering i hverdagen virker.' });
      const pieces: string[] = [];
      for await (const chunk of await chat().stream('q')) pieces.push(String(chunk.content));
      expect(pieces.join('')).toBe('Rehabilitering i hverdagen virker.');
      expect(pieces.filter((piece) => piece !== '').length).toBeGreaterThan(1);
      expect(fake.requests[0]!.body).toMatchObject({ stream: true });
    });

    it('should stream tool calls when the client streams with tools', async () => {
      fake.queueChat({ toolCalls: [{ name: 'lookup', arguments: { query: 'kommune' }, id: 'call_1' }] });
      const model = chat().bindTools([{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }]);
      let toolCalls: unknown[] = [];
      for await (const chunk of await model.stream('q')) toolCalls = [...toolCalls, ...(chunk.tool_call_chunks ?? [])];
      expect(toolCalls).toEqual([expect.objectContaining({ name: 'lookup', args: '{"query":"kommune"}', id: 'call_1' })]);
    });
  });

  describe('errors and delays', () => {
    it('should answer 429 with a retry-after header when given rateLimitReply', async () => {
      fake.queueChat(rateLimitReply(3));
      const response = await fetch(`${fake.baseURL}/chat/completions`, { method: 'POST', body: '{}' });
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('3');
      expect(await response.json()).toMatchObject({ error: { code: 'rate_limit_exceeded' } });
    });

    it('should make ChatOpenAI fail with the status when given an error reply', async () => {
      fake.queueChat(errorReply(401, 'Incorrect API key provided', 'invalid_api_key'));
      await expect(chat().invoke('x')).rejects.toMatchObject({ status: 401 });
    });

    it('should let a client time out and still close promptly when given a long delay', async () => {
      const slow = await startFakeOpenAI();
      slow.queueChat({ delayMs: 10_000, content: 'for sent' });
      const model = new ChatOpenAI({ apiKey: 'k', model: 'm', maxRetries: 0, timeout: 50, configuration: { baseURL: slow.baseURL } });
      await expect(model.invoke('x')).rejects.toThrow(/timed out|timeout|abort/i);
      const started = Date.now();
      await slow.close();
      expect(Date.now() - started).toBeLessThan(1_000);
    });

    it('should drop the connection when given a drop reply', async () => {
      fake.queueEmbeddings({ drop: true });
      await expect(embeddings(4).embedDocuments(['x'])).rejects.toThrow(/Connection error/);
    });

    it('should answer 404 in OpenAI format for an unknown path', async () => {
      const response = await fetch(`${fake.baseURL}/responses`, { method: 'POST', body: '{}' });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { message: expect.stringContaining('/v1/responses') } });
    });

    it('should list models when asked', async () => {
      const response = await fetch(`${fake.baseURL}/models`);
      expect(((await response.json()) as { data: Array<{ id: string }> }).data.map((model) => model.id)).toContain('gpt-4o-mini');
    });
  });
});
