import { describe, expect, it } from 'vitest';
import { AuthTimeoutError, classifyAuthError, createThrottledLog, withTimeout } from '../../../../adapters/teams/auth-failures.js';
import { recordingLogger } from './teams-test-harness.js';

const withStatus = (message: string, statusCode: number) => Object.assign(new Error(message), { statusCode });

describe('classifyAuthError', () => {
  it('should answer 401 for token problems and 503 when the metadata cannot be reached', () => {
    expect(classifyAuthError(withStatus('Unauthorized Access. Request is not authorized', 401)).status).toBe(401);
    expect(classifyAuthError(Object.assign(new Error('invalid signature'), { name: 'JsonWebTokenError' })).status).toBe(401);
    expect(classifyAuthError(withStatus('Failed to load openID config: 503', 500)).status).toBe(503);
    expect(classifyAuthError(Object.assign(new Error('request to https://login.botframework.com failed'), { name: 'FetchError', code: 'ENOTFOUND' })).status).toBe(503);
    expect(classifyAuthError(new AuthTimeoutError(5000)).status).toBe(503);
  });
});

describe('withTimeout', () => {
  it('should reject with AuthTimeoutError when the work hangs', async () => {
    await expect(withTimeout(new Promise(() => undefined), 20)).rejects.toBeInstanceOf(AuthTimeoutError);
    await expect(withTimeout(Promise.resolve(7), 20)).resolves.toBe(7);
  });
});

describe('createThrottledLog', () => {
  it('should log a repeated problem once per window and then report how many were left out', () => {
    const logger = recordingLogger();
    let now = 0;
    const report = createThrottledLog(logger, 60_000, () => now);
    report('warn', 'a', 'refused');
    report('warn', 'a', 'refused');
    report('warn', 'a', 'refused');
    report('error', 'b', 'unreachable');
    now = 61_000;
    report('warn', 'a', 'refused');
    expect(logger.entries.map((entry) => `${entry.level} ${entry.message}`)).toEqual([
      'warn refused',
      'error unreachable',
      'warn refused (2 more like it since the last report)',
    ]);
  });
});
