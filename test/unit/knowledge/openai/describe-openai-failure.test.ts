import { describe, expect, it } from 'vitest';
import { describeOpenAIFailure } from '../../../../knowledge/openai/describe-openai-failure.js';

/** Shaped like the openai SDK's APIError: status, code, headers on the error object. */
function apiError(status: number, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { status, ...extra });
}

describe('describeOpenAIFailure', () => {
  it('should call 401 and 403 unauthorized and not worth retrying', () => {
    expect(describeOpenAIFailure(apiError(401, 'Incorrect API key'))).toMatchObject({ kind: 'unauthorized', retryable: false, status: 401 });
    expect(describeOpenAIFailure(apiError(403, 'no access'))).toMatchObject({ kind: 'unauthorized', status: 403 });
  });

  it('should tell an exhausted quota (not retryable) from a rate limit (retryable, with the server\'s wait)', () => {
    expect(describeOpenAIFailure(apiError(429, 'You exceeded your current quota', { code: 'insufficient_quota' })))
      .toMatchObject({ kind: 'quota', retryable: false });
    expect(describeOpenAIFailure(apiError(429, 'slow down', { headers: new Headers({ 'retry-after': '2' }) })))
      .toMatchObject({ kind: 'rate_limited', retryable: true, retryAfterMs: 2000 });
    expect(describeOpenAIFailure(apiError(429, 'slow down', { headers: { 'retry-after-ms': '150' } })).retryAfterMs).toBe(150);
  });

  it('should call 408 and a client-side timeout a retryable timeout', () => {
    expect(describeOpenAIFailure(apiError(408, 'Request Timeout'))).toMatchObject({ kind: 'timeout', retryable: true });
    expect(describeOpenAIFailure(Object.assign(new Error('Request timed out.'), { name: 'TimeoutError' })).kind).toBe('timeout');
  });

  it('should retry 5xx and refuse other statuses, 404 included', () => {
    expect(describeOpenAIFailure(apiError(503, 'overloaded'))).toMatchObject({ kind: 'server_error', retryable: true, status: 503 });
    expect(describeOpenAIFailure(apiError(404, 'model not found'))).toMatchObject({ kind: 'refused', retryable: false, status: 404 });
    expect(describeOpenAIFailure(apiError(400, 'bad dimensions')).kind).toBe('refused');
  });

  it('should find a network error code deep in the cause chain and inside an AggregateError', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const wrapped = new Error('Connection error.', { cause: new TypeError('fetch failed', { cause: new AggregateError([refused]) }) });
    expect(describeOpenAIFailure(wrapped)).toMatchObject({ kind: 'unreachable', retryable: true, networkCode: 'ECONNREFUSED' });
  });

  it('should not retry a host name that does not resolve', () => {
    const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND api.example.invalid'), { code: 'ENOTFOUND' });
    expect(describeOpenAIFailure(new Error('Connection error.', { cause: notFound })))
      .toMatchObject({ kind: 'unknown_host', retryable: false, networkCode: 'ENOTFOUND' });
  });

  it('should call anything else "other", with the provider message and without LangChain\'s troubleshooting link', () => {
    const failure = describeOpenAIFailure(new Error('Unexpected token < in JSON\n\nTroubleshooting URL: https://js.langchain.com/…'));
    expect(failure).toMatchObject({ kind: 'other', retryable: false, detail: 'Unexpected token < in JSON' });
  });
});
