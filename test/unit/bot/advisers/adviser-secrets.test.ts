import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  generateAccessToken,
  generateCsrfToken,
  generateSessionToken,
  hashSecret,
  looksLikeAccessToken,
  secretsEqual,
} from '../../../../bot/advisers/index.js';

describe('adviser secrets', () => {
  it('should make kca_ tokens of 256 random bits that are all different', () => {
    const tokens = Array.from({ length: 50 }, () => generateAccessToken());
    for (const token of tokens) expect(token).toMatch(/^kca_[A-Za-z0-9_-]{43}$/);
    expect(new Set(tokens).size).toBe(50);
    expect(tokens.every(looksLikeAccessToken)).toBe(true);
  });

  it('should make session and CSRF tokens without the access-token prefix', () => {
    expect(generateSessionToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateCsrfToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(looksLikeAccessToken(generateSessionToken())).toBe(false);
  });

  it('should hash with sha256 as lowercase hex', () => {
    expect(hashSecret('kca_abc')).toBe(createHash('sha256').update('kca_abc').digest('hex'));
    expect(hashSecret('kca_abc')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('should compare secrets of any length and never match empty or missing ones', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abd')).toBe(false);
    expect(secretsEqual('abc', 'abcd')).toBe(false);
    expect(secretsEqual('', '')).toBe(false);
    expect(secretsEqual(undefined, 'abc')).toBe(false);
  });

  it('should reject strings that only look a bit like tokens', () => {
    expect(looksLikeAccessToken('kca_short')).toBe(false);
    expect(looksLikeAccessToken(` ${generateAccessToken()}`)).toBe(false);
    expect(looksLikeAccessToken(`${generateAccessToken()}'; DROP TABLE advisers; --`)).toBe(false);
  });
});
