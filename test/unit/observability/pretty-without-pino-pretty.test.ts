/** LOG_FORMAT=pretty where pino-pretty is not installed (a production install): one line saying what to do. */
import { describe, expect, it, vi } from 'vitest';
import { isUserFixableError } from '../../../config/app-error.js';
import { createLogger } from '../../../config/logger.js';

vi.mock('node:module', async (importOriginal) => ({
  ...(await importOriginal<typeof import('node:module')>()),
  createRequire: () => (id: string) => {
    throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
  },
}));

describe('LOG_FORMAT=pretty without pino-pretty', () => {
  it('should refuse to start with one line naming LOG_FORMAT and the missing package', () => {
    let refused: unknown;
    try {
      createLogger({ format: 'pretty' });
    } catch (error) {
      refused = error;
    }
    expect(isUserFixableError(refused)).toBe(true);
    expect((refused as Error).message).toMatch(/^LOG_FORMAT=pretty needs the pino-pretty package.*LOG_FORMAT=json$/);
    expect((refused as Error).message).not.toContain('\n');
  });

  it('should not need pino-pretty for JSON lines', () => {
    expect(() => createLogger({ format: 'json', write: () => undefined }).info('ok')).not.toThrow();
  });
});
