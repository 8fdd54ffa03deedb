/**
 * WEB_EMBED_ORIGINS: the sites whose pages may show the chat in the widget's iframe (the CSP's frame-ancestors).
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../config/env.js';
import { contentSecurityPolicy, CONTENT_SECURITY_POLICY } from '../../../adapters/web/security-headers.js';

describe('WEB_EMBED_ORIGINS', () => {
  it('should allow no site to embed the chat when unset', () => {
    expect(loadConfig({}).web.embedOrigins).toEqual([]);
    expect(contentSecurityPolicy([])).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });

  it('should read a comma-separated list of origins, trimmed and without a trailing slash', () => {
    const origins = loadConfig({ WEB_EMBED_ORIGINS: ' https://www.kraftcenter.dk, http://localhost:8080/ ,' }).web.embedOrigins;
    expect(origins).toEqual(['https://www.kraftcenter.dk', 'http://localhost:8080']);
    expect(contentSecurityPolicy(origins)).toContain('frame-ancestors https://www.kraftcenter.dk http://localhost:8080');
    expect(contentSecurityPolicy(origins)).not.toContain("frame-ancestors 'none'");
  });

  it.each(['www.kraftcenter.dk', 'https://intra.kommune.dk/chat', 'ftp://kraftcenter.dk', '*', "'self'"])(
    'should refuse %s in one line that names the setting and the bad value',
    (value) => {
      const error = (() => {
        try {
          loadConfig({ WEB_EMBED_ORIGINS: `https://www.kraftcenter.dk,${value}` });
        } catch (thrown) {
          return thrown;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues).toEqual([expect.stringMatching(new RegExp(`^WEB_EMBED_ORIGINS: "${value.replace(/[.*/']/g, '\\$&')}" is not an origin`))]);
    },
  );
});
