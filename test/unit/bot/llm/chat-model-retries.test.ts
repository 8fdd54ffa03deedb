import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { errorReply, rateLimitReply } from '../../../fakes/fake-openai-server.js';
import { chatModelError, startLlmHarness, type LlmHarness } from './llm-test-harness.js';

describe('createChatModel retries and errors', () => {
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

  it('should retry once and succeed when the server answers 429 then 200', async () => {
    h.fake.queueChat(rateLimitReply(0), { content: 'Svar efter ventetid [1].' });
    expect(await h.model().complete([{ role: 'user', content: 'x' }])).toBe('Svar efter ventetid [1].');
    expect(h.chatRequests()).toHaveLength(2);
    expect(h.sleeps).toHaveLength(1);
    expect(h.sleeps[0]).toBeLessThanOrEqual(2_000);
  });

  it('should give up at once with llm.rate_limited when retry-after exceeds the longest wait', async () => {
    h.fake.queueChat(rateLimitReply(30), { content: 'for sent' });
    const error = await chatModelError(h.model().complete([{ role: 'user', content: 'x' }]));
    expect(error).toMatchObject({ code: 'llm.rate_limited', status: 429 });
    expect(h.chatRequests()).toHaveLength(1);
    expect(h.sleeps).toEqual([]);
  });

  it('should not retry when the 429 says the quota is used up', async () => {
    h.fake.queueChat(errorReply(429, 'You exceeded your current quota', 'insufficient_quota'));
    expect((await chatModelError(h.model().complete([{ role: 'user', content: 'x' }]))).code).toBe('llm.rate_limited');
    expect(h.chatRequests()).toHaveLength(1);
  });

  it('should throw llm.unavailable after maxRetries retries when the server keeps answering 500', async () => {
    h.fake.onChat(() => errorReply(500, 'The server had an error'));
    const error = await chatModelError(h.model({ maxRetries: 2 }).complete([{ role: 'user', content: 'x' }]));
    expect(error).toMatchObject({ code: 'llm.unavailable', status: 500 });
    expect(error.message).not.toContain('\n');
    expect(h.chatRequests()).toHaveLength(3);
    expect(h.sleeps).toHaveLength(2);
    expect(h.sleeps[1]!).toBeGreaterThan(h.sleeps[0]!);
  });

  it('should retry a server-side timeout (408) only once when more retries are allowed', async () => {
    h.fake.onChat(() => errorReply(408, 'Request timeout'));
    const error = await chatModelError(h.model({ maxRetries: 4 }).complete([{ role: 'user', content: 'x' }]));
    expect(error.code).toBe('llm.timeout');
    expect(h.chatRequests()).toHaveLength(2);
  });

  it('should throw llm.unauthorized without retrying when the key is rejected', async () => {
    h.fake.onChat(() => errorReply(401, 'Incorrect API key provided', 'invalid_api_key'));
    const error = await chatModelError(h.model().complete([{ role: 'user', content: 'x' }]));
    expect(error).toMatchObject({ code: 'llm.unauthorized', status: 401 });
    expect(error.message).not.toContain('test-key');
    expect(h.chatRequests()).toHaveLength(1);
  });

  it('should throw llm.unavailable after retrying when the connection is dropped', async () => {
    h.fake.onChat(() => ({ drop: true }));
    const error = await chatModelError(h.model({ maxRetries: 1 }).complete([{ role: 'user', content: 'x' }]));
    expect(error.code).toBe('llm.unavailable');
    expect(h.chatRequests()).toHaveLength(2);
  });

  it('should throw llm.timeout at the deadline, without retrying or waiting, when the server is slower than timeoutMs', async () => {
    h.fake.onChat(() => ({ delayMs: 3_000, content: 'for sent' }));
    const error = await chatModelError(h.model({ timeoutMs: 150 }).complete([{ role: 'user', content: 'x' }]));
    expect(error.code).toBe('llm.timeout');
    expect(error.message).toMatch(/did not answer within 150 ms/);
    expect(h.chatRequests()).toHaveLength(1);
    expect(h.sleeps).toEqual([]);
  });

  it('should keep retries and waits within timeoutMs when the server keeps failing slowly', async () => {
    h.fake.onChat(() => ({ delayMs: 120, ...errorReply(503, 'Overloaded') }));
    const error = await chatModelError(
      h.model({ timeoutMs: 300, maxRetries: 10, sleep: undefined, baseDelayMs: 10 }).complete([{ role: 'user', content: 'x' }]),
    );
    expect(['llm.unavailable', 'llm.timeout']).toContain(error.code);
    // Each request takes 120 ms of the 300: ten retries allowed, at most three fit.
    expect(h.chatRequests().length).toBeLessThanOrEqual(3);
  });

  it('should stop with llm.timeout when the caller aborts', async () => {
    h.fake.onChat(() => ({ delayMs: 3_000, content: 'for sent' }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    // Ignoring the abort would end at the 2 s deadline ('did not answer within'), not with 'cancelled'.
    const error = await chatModelError(h.model().complete([{ role: 'user', content: 'x' }], { signal: controller.signal }));
    expect(error.code).toBe('llm.timeout');
    expect(error.message).toMatch(/cancelled/);
    expect(h.chatRequests().length).toBeLessThanOrEqual(1); // never retried (0 when the abort came before the request)
  });
});
