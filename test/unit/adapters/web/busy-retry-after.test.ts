/**
 * The wait a refused question is asked to keep (503 Retry-After): drawn per refusal from 3 to 7 whole seconds, so the
 * clients refused in one burst do not all come back in the same second; the message names the same wait.
 */
import { describe, expect, it } from 'vitest';
import { busyRetryAfterSeconds, BUSY_RETRY_AFTER_SECONDS } from '../../../../adapters/web/answers-in-progress.js';
import { createHeldEngine } from '../../../fakes/fake-engine.js';
import { startWebTestServer } from './web-test-server.js';

describe('busyRetryAfterSeconds', () => {
  it('should give every whole second from 3 to 7 across the range of the random number, and nothing outside it', () => {
    const draws = [0, 0.1999, 0.2, 0.4, 0.6, 0.8, 0.9999999].map((value) => busyRetryAfterSeconds(() => value));
    expect(draws).toEqual([3, 3, 4, 5, 6, 7, 7]);
    expect(BUSY_RETRY_AFTER_SECONDS).toEqual({ min: 3, max: 7 });
  });

  it('should spread the Retry-After of a burst of refusals, each 503 naming its own wait in the message', async () => {
    const { engine, release } = createHeldEngine();
    const server = await startWebTestServer({ engine, maxAnswersInProgress: 1 });
    try {
      const first = server.post('/api/chat', { text: 'Et' });
      await new Promise((resolve) => setTimeout(resolve, 20));
      const waits = new Set<number>();
      for (let index = 0; index < 40; index++) {
        const refused = await server.post('/api/chat', { text: 'Et til' });
        expect(refused.status).toBe(503);
        const seconds = Number(refused.headers.get('retry-after'));
        expect(seconds).toBeGreaterThanOrEqual(3);
        expect(seconds).toBeLessThanOrEqual(7);
        expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(`om ${seconds} sekunder`);
        waits.add(seconds);
      }
      // 40 draws from 5 values: all alike has probability 5 × (1/5)^40.
      expect(waits.size).toBeGreaterThan(1);
      release();
      expect((await first).status).toBe(200);
    } finally {
      release();
      await server.close();
    }
  });
});
