import { describe, expect, it } from 'vitest';
import { retryWithBackoff } from '../../../../knowledge/embeddings/retry-with-backoff.js';

describe('retryWithBackoff', () => {
  it('should retry retryable failures with growing, capped delays when the operation recovers', async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = await retryWithBackoff(
      async () => {
        calls += 1;
        if (calls < 4) throw new Error('transient');
        return 'ok';
      },
      () => ({ retryable: true }),
      { attempts: 4, baseDelayMs: 100, maxDelayMs: 250, sleep: async (ms) => void delays.push(ms) },
    );
    expect(result).toBe('ok');
    expect(delays).toHaveLength(3);
    expect(delays[0]).toBeGreaterThanOrEqual(75);
    expect(delays[0]).toBeLessThanOrEqual(125);
    expect(delays[1]).toBeGreaterThanOrEqual(150);
    expect(delays[2]).toBe(250);
  });

  it('should rethrow the last error when the attempts are used up', async () => {
    let calls = 0;
    const failing = retryWithBackoff(
      async () => {
        calls += 1;
        throw new Error(`failure ${calls}`);
      },
      () => ({ retryable: true }),
      { attempts: 3, sleep: async () => {} },
    );
    await expect(failing).rejects.toThrow('failure 3');
  });

  it('should stop at once when the failure is not retryable', async () => {
    let calls = 0;
    await expect(
      retryWithBackoff(
        async () => {
          calls += 1;
          throw new Error('fatal');
        },
        () => ({ retryable: false }),
        { sleep: async () => {} },
      ),
    ).rejects.toThrow('fatal');
    expect(calls).toBe(1);
  });

  it('should wait at least the server-requested time when given retryAfterMs', async () => {
    const delays: number[] = [];
    let calls = 0;
    await retryWithBackoff(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('429');
      },
      () => ({ retryable: true, retryAfterMs: 900 }),
      { baseDelayMs: 1, maxDelayMs: 5_000, sleep: async (ms) => void delays.push(ms) },
    );
    expect(delays).toEqual([900]);
  });
});
