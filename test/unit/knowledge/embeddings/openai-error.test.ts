import { describe, expect, it } from 'vitest';
import { EmbeddingError } from '../../../../knowledge/embeddings/embedding-error.js';
import { classifyOpenAIError } from '../../../../knowledge/embeddings/openai-error.js';

const context = { baseURL: 'http://embeddings.example/v1', model: 'm' };

/** Shaped like the openai SDK's APIError. */
function apiError(status: number, message: string, extra: Record<string, unknown> = {}) {
  return Object.assign(new Error(`${status} ${message}`), { status, ...extra });
}

describe('classifyOpenAIError', () => {
  it('should not retry and point at billing when a 429 says the quota is exhausted', () => {
    const verdict = classifyOpenAIError(apiError(429, 'You exceeded your current quota', { code: 'insufficient_quota' }), context);
    expect(verdict.retryable).toBe(false);
    expect(verdict.error.code).toBe('embedding.rate_limited');
    expect(verdict.error.message).toMatch(/billing/);
  });

  it('should read retry-after in seconds when a 429 carries it', () => {
    const headers = new Headers({ 'retry-after': '2' });
    const verdict = classifyOpenAIError(apiError(429, 'slow down', { headers }), context);
    expect(verdict).toMatchObject({ retryable: true, retryAfterMs: 2_000 });
  });

  it('should map 403 to embedding.unauthorized when the key may not use the model', () => {
    const verdict = classifyOpenAIError(apiError(403, 'forbidden'), context);
    expect(verdict.error.code).toBe('embedding.unauthorized');
    expect(verdict.retryable).toBe(false);
  });

  it('should not retry and name OPENAI_BASE_URL when the host name does not resolve', () => {
    const cause = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' }) });
    const verdict = classifyOpenAIError(Object.assign(new Error('Connection error.'), { cause }), context);
    expect(verdict.retryable).toBe(false);
    expect(verdict.error.code).toBe('embedding.unavailable');
    expect(verdict.error.message).toMatch(/OPENAI_BASE_URL/);
  });

  it('should find ECONNREFUSED inside an AggregateError when the connection is refused', () => {
    const refused = new AggregateError([Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })]);
    const error = Object.assign(new Error('Connection error.'), { cause: Object.assign(new TypeError('fetch failed'), { cause: refused }) });
    const verdict = classifyOpenAIError(error, context);
    expect(verdict).toMatchObject({ retryable: true, error: { code: 'embedding.unavailable' } });
    expect(verdict.error.message).toContain('ECONNREFUSED');
  });

  it('should pass an EmbeddingError through unchanged and not retry it', () => {
    const original = new EmbeddingError('embedding.bad_response', 'wrong length');
    expect(classifyOpenAIError(original, context)).toEqual({ error: original, retryable: false });
  });
});
