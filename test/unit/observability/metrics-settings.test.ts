/**
 * METRICS_PORT and METRICS_HOST: metrics are off unless a port is set; a bad port stops the start with one line.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../config/env.js';

describe('the metrics settings', () => {
  it('should leave metrics off when METRICS_PORT is not set (or empty)', () => {
    expect(loadConfig({}).metrics).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: ' ' }).metrics).toBeUndefined();
  });

  it('should serve metrics on METRICS_PORT, on 127.0.0.1 unless METRICS_HOST says otherwise', () => {
    expect(loadConfig({ METRICS_PORT: '9464' }).metrics).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' }).metrics).toEqual({ port: 9464, host: '0.0.0.0' });
  });

  it('should refuse a METRICS_PORT that is not a port, naming it', () => {
    for (const value of ['abc', '70000', '-1']) {
      try {
        loadConfig({ METRICS_PORT: value });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).issues).toEqual([expect.stringMatching(/^METRICS_PORT: must be a port/)]);
      }
    }
  });

  it('should refuse a METRICS_PORT equal to PORT', () => {
    expect(() => loadConfig({ PORT: '3000', METRICS_PORT: '3000' })).toThrow(/METRICS_PORT: must differ from PORT/);
  });
});
