import { afterEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, retry, type RetryOptions } from '../../../config/retry.js';

/** Options with a recording sleep: the waits are counted, never waited. */
function recording(overrides: Partial<RetryOptions> = {}): RetryOptions & { delays: number[] } {
  const delays: number[] = [];
  return {
    retries: 3,
    baseDelayMs: 100,
    maxDelayMs: 250,
    classify: () => ({ retryable: true }),
    sleep: async (ms) => void delays.push(ms),
    delays,
    ...overrides,
  };
}

/** An operation that fails `times` times with `makeError(n)`, then returns 'ok'. */
function failing(times: number, makeError: (call: number) => unknown = (call) => new Error(`failure ${call}`)) {
  const state = { calls: 0 };
  const operation = async () => {
    state.calls += 1;
    if (state.calls <= times) throw makeError(state.calls);
    return 'ok';
  };
  return { operation, state };
}

describe('retry', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('should retry retryable failures with growing, capped delays when the operation recovers', async () => {
    const options = recording();
    const { operation, state } = failing(3);
    expect(await retry(operation, options)).toBe('ok');
    expect(state.calls).toBe(4);
    expect(options.delays).toHaveLength(3);
    expect(options.delays[0]).toBeGreaterThanOrEqual(75);
    expect(options.delays[0]).toBeLessThanOrEqual(125);
    expect(options.delays[1]).toBeGreaterThanOrEqual(150);
    expect(options.delays[2]).toBe(250);
  });

  it('should rethrow the last error unchanged when the retries are used up', async () => {
    const { operation, state } = failing(10);
    await expect(retry(operation, recording({ retries: 2 }))).rejects.toThrow('failure 3');
    expect(state.calls).toBe(3);
  });

  it('should stop at once when the classifier calls the failure not retryable', async () => {
    const options = recording({ classify: () => ({ retryable: false }) });
    const { operation, state } = failing(10);
    await expect(retry(operation, options)).rejects.toThrow('failure 1');
    expect(state.calls).toBe(1);
    expect(options.delays).toEqual([]);
  });

  it('should let the classifier retry a TypeError and a thrown string, and rethrow them as thrown', async () => {
    const typeError = failing(1, () => new TypeError('Cannot read properties of undefined'));
    expect(await retry(typeError.operation, recording())).toBe('ok');
    expect(typeError.state.calls).toBe(2);
    const text = failing(10, () => 'plain text');
    await expect(retry(text.operation, recording({ retries: 1 }))).rejects.toBe('plain text');
  });

  it('should wait at least the server-requested time when the failure carries a Retry-After', async () => {
    const options = recording({ baseDelayMs: 1, maxDelayMs: 5_000, classify: () => ({ retryable: true, retryAfterMs: 900 }) });
    await retry(failing(1).operation, options);
    expect(options.delays).toEqual([900]);
  });

  it('should wait at most maxDelayMs when a Retry-After is longer and the caller caps it', async () => {
    const options = recording({ classify: () => ({ retryable: true, retryAfterMs: 30_000 }) });
    await retry(failing(1).operation, options);
    expect(options.delays).toEqual([250]);
  });

  it('should give up at once when a Retry-After is longer than maxDelayMs and the caller gives up on those', async () => {
    const options = recording({ longRetryAfter: 'give-up', classify: () => ({ retryable: true, retryAfterMs: 30_000 }) });
    const { operation, state } = failing(1);
    await expect(retry(operation, options)).rejects.toThrow('failure 1');
    expect(state.calls).toBe(1);
    expect(options.delays).toEqual([]);
  });

  it('should not start a wait that would end past the deadline', async () => {
    const options = recording({ deadline: Date.now() + 200, baseDelayMs: 100, maxDelayMs: 1_000, jitter: 0 });
    const { operation, state } = failing(10);
    await expect(retry(operation, options)).rejects.toThrow('failure 2');
    expect(options.delays).toEqual([100]);
    expect(state.calls).toBe(2);
  });

  it('should stop waiting and reject with the reason when the signal aborts during a wait', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const { operation, state } = failing(10);
    const result = retry(operation, { retries: 5, baseDelayMs: 10_000, maxDelayMs: 10_000, classify: () => ({ retryable: true }), signal: controller.signal });
    const settled = expect(result).rejects.toThrow('stopped by the caller');
    await vi.advanceTimersByTimeAsync(0);
    controller.abort(new Error('stopped by the caller'));
    await settled;
    expect(state.calls).toBe(1);
  });

  it('should wait with a real timer when no sleep is given (fake timers, no real waiting)', async () => {
    vi.useFakeTimers();
    const { operation, state } = failing(1);
    const result = retry(operation, { retries: 1, baseDelayMs: 5_000, maxDelayMs: 5_000, jitter: 0, classify: () => ({ retryable: true }) });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(state.calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await result).toBe('ok');
    expect(state.calls).toBe(2);
  });

  it('should report each retry with its attempt and delay to onRetry', async () => {
    const events: Array<{ attempt: number; delayMs: number }> = [];
    await retry(failing(2).operation, recording({ jitter: 0, onRetry: ({ attempt, delayMs }) => void events.push({ attempt, delayMs }) }));
    expect(events).toEqual([{ attempt: 1, delayMs: 100 }, { attempt: 2, delayMs: 200 }]);
  });
});

describe('backoffDelay', () => {
  it('should double per retry, cap at maxDelayMs and honour a longer Retry-After when there is no jitter', () => {
    const backoff = { baseDelayMs: 1_000, maxDelayMs: 60_000, jitter: 0 };
    expect([1, 2, 3, 7, 8].map((n) => backoffDelay(n, backoff))).toEqual([1_000, 2_000, 4_000, 60_000, 60_000]);
    expect(backoffDelay(1, backoff, 5_000)).toBe(5_000);
  });

  it('should spread the delay by ±25 % by default', () => {
    const delays = Array.from({ length: 200 }, () => backoffDelay(1, { baseDelayMs: 1_000, maxDelayMs: 10_000 }));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(750);
    expect(Math.max(...delays)).toBeLessThanOrEqual(1_250);
    expect(new Set(delays).size).toBeGreaterThan(1);
  });
});
