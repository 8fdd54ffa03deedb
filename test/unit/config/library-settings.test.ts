/**
 * LIBRARY_DIR, PUBLIC_BASE_URL and DRAFTS_DIR: where published cases are written, what the publish notice links
 * to, and the optional file export of "worth keeping" drafts.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../config/env.js';

describe('library settings', () => {
  it('defaults LIBRARY_DIR to data/library under the working directory, without a public address or drafts export', () => {
    const config = loadConfig({}, '/srv/kraftcenter');
    expect(config.library).toEqual({ dir: path.resolve('/srv/kraftcenter', 'data/library') });
    expect(config.escalation.draftsDir).toBeUndefined();
  });

  it('resolves LIBRARY_DIR and DRAFTS_DIR against the working directory and drops the trailing slash of PUBLIC_BASE_URL', () => {
    const config = loadConfig({ LIBRARY_DIR: 'bibliotek', PUBLIC_BASE_URL: 'https://chat.kraftcenter.dk/', DRAFTS_DIR: 'udkast' }, '/srv/kc');
    expect(config.library).toEqual({ dir: path.resolve('/srv/kc', 'bibliotek'), publicBaseUrl: 'https://chat.kraftcenter.dk' });
    expect(config.escalation.draftsDir).toBe(path.resolve('/srv/kc', 'udkast'));
  });

  it('names PUBLIC_BASE_URL when it is not an http(s) address', () => {
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'chat.kraftcenter.dk' })).toThrow(ConfigError);
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'chat.kraftcenter.dk' })).toThrow(/PUBLIC_BASE_URL: must be an http\(s\) URL/);
  });
});
