/**
 * RETENTION_DAYS: how long conversation content is kept after its last activity (bot/store/content-retention.ts).
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../config/env.js';

describe('RETENTION_DAYS', () => {
  it('should keep conversation content 180 days when unset', () => {
    expect(loadConfig({}).retention).toEqual({ days: 180 });
    expect(loadConfig({ RETENTION_DAYS: ' ' }).retention.days).toBe(180);
  });

  it('should read a whole number of days', () => {
    expect(loadConfig({ RETENTION_DAYS: '30' }).retention.days).toBe(30);
  });

  it.each(['0', '-5', '90.5', 'halvt år'])('should refuse %s in one line naming the setting', (value) => {
    let error: unknown;
    try {
      loadConfig({ RETENTION_DAYS: value });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toHaveLength(1);
    expect((error as ConfigError).issues[0]).toMatch(/^RETENTION_DAYS: /);
  });
});
