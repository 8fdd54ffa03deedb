/** Keeps `scripts/bench/slack-bench.ts` working: a small burst with retries, every event answered exactly once. */
import { describe, expect, it } from 'vitest';
import { runSlackBench } from '../../scripts/bench/slack-bench.js';

describe('runSlackBench', () => {
  it('should answer every event of a burst once and acknowledge all of them with 200 when some are retried', async () => {
    const result = await runSlackBench({ events: 8, engineDelayMs: 20, retries: 3 });
    expect(result).toMatchObject({ events: 8, answersPosted: 8, duplicateAnswers: 0, non200: 0 });
    expect(result.serverAck.p99).toBeLessThan(3000);
    expect(result.answer.p50).toBeGreaterThanOrEqual(20);
  }, 60_000);
});
