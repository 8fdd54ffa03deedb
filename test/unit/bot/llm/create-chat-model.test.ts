import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createChatModel } from '../../../../bot/llm/index.js';
import { errorReply } from '../../../fakes/fake-openai-server.js';
import { chatModelError, requestMessages, startLlmHarness, type LlmHarness } from './llm-test-harness.js';

describe('createChatModel', () => {
  let h: LlmHarness;
  beforeAll(async () => {
    h = await startLlmHarness();
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => {
    h.fake.reset();
    h.sleeps.length = 0;
  });

  describe('complete', () => {
    it('should send the messages non-streaming at temperature 0 and return the text when the server answers', async () => {
      h.fake.queueChat({ content: 'Brug borgerinddragelse [1].' });
      const text = await h.model().complete([
        { role: 'system', content: 'Regler' },
        { role: 'user', content: 'Hvordan?' },
        { role: 'assistant', content: 'Tidligere svar' },
        { role: 'user', content: 'Og så?' },
      ]);
      expect(text).toBe('Brug borgerinddragelse [1].');
      const [request] = h.chatRequests();
      expect(request!.body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0 });
      expect((request!.body as { stream?: boolean }).stream).not.toBe(true);
      expect(request!.headers.authorization).toBe('Bearer test-key');
      expect(requestMessages(request).map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    });

    it('should name the model in modelId when created', () => {
      expect(h.model({}, { chatModel: 'gpt-4.1-mini' }).modelId).toBe('openai:gpt-4.1-mini');
    });

    it('should throw llm.unauthorized without a request when the config has no API key', () => {
      expect(() => createChatModel({ apiKey: '', chatModel: 'gpt-4o-mini', timeoutMs: 1_000 })).toThrow(
        expect.objectContaining({ code: 'llm.unauthorized' }),
      );
    });

    it('should throw llm.bad_response when the server answers with empty content', async () => {
      h.fake.queueChat({ content: '   ' });
      expect((await chatModelError(h.model().complete([{ role: 'user', content: 'x' }]))).code).toBe('llm.bad_response');
    });

    it('should throw llm.bad_response when the answer was withheld by the content filter', async () => {
      h.fake.queueChat({ content: 'delvist', finishReason: 'content_filter' });
      expect((await chatModelError(h.model().complete([{ role: 'user', content: 'x' }]))).code).toBe('llm.bad_response');
    });
  });

  describe('structured', () => {
    const schema = z.object({ intent: z.enum(['method', 'case_lookup']), confidence: z.number() });

    it('should return the parsed object and ask for a JSON schema when the server returns matching JSON', async () => {
      h.fake.queueChat({ json: { intent: 'method', confidence: 0.8 } });
      expect(await h.model().structured(schema, [{ role: 'user', content: 'Hvordan?' }])).toEqual({
        intent: 'method',
        confidence: 0.8,
      });
      expect(h.chatRequests()[0]!.body).toHaveProperty('response_format.type', 'json_schema');
    });

    it('should throw llm.bad_response without retrying when the server returns invalid JSON', async () => {
      h.fake.queueChat({ content: '{"intent": "method", confid' });
      const error = await chatModelError(h.model().structured(schema, [{ role: 'user', content: 'x' }]));
      expect(error.code).toBe('llm.bad_response');
      expect(h.chatRequests()).toHaveLength(1);
    });

    it('should throw llm.bad_response when the JSON does not match the schema', async () => {
      h.fake.queueChat({ json: { intent: 'dance', confidence: 'high' } });
      expect((await chatModelError(h.model().structured(schema, [{ role: 'user', content: 'x' }]))).code).toBe(
        'llm.bad_response',
      );
    });

    it('should retry a 500 and then parse when structured output recovers', async () => {
      h.fake.queueChat(errorReply(502, 'Bad gateway'), { json: { intent: 'case_lookup', confidence: 1 } });
      expect(await h.model().structured(schema, [{ role: 'user', content: 'x' }])).toEqual({
        intent: 'case_lookup',
        confidence: 1,
      });
      expect(h.chatRequests()).toHaveLength(2);
    });
  });

  it('should not try to reach any host but the fake server when used (no tiktoken download)', () => {
    expect(h.localFetches()).toBeGreaterThan(0);
    expect(h.outsideFetches).toEqual([]);
  });
});
