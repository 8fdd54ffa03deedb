import { describe, expect, it } from 'vitest';
import { isTooLong, MAX_MESSAGE_CHARS } from '../../../../bot/understanding/index.js';

describe('isTooLong', () => {
  it('should use 4000 characters as the limit when none is given', () => {
    expect(MAX_MESSAGE_CHARS).toBe(4000);
    expect(isTooLong('a'.repeat(4000))).toBe(false);
    expect(isTooLong('a'.repeat(4001))).toBe(true);
  });

  it('should respect a custom limit when one is given', () => {
    expect(isTooLong('Hvem har prøvet det?', 10)).toBe(true);
    expect(isTooLong('Hej', 10)).toBe(false);
  });

  it('should ignore surrounding whitespace when a channel pads the message', () => {
    expect(isTooLong(`  ${'b'.repeat(4000)}\n\n`)).toBe(false);
  });

  it('should count Danish letters as one character each when the text has æøå', () => {
    expect(isTooLong('æøå'.repeat(1000), 3000)).toBe(false);
    expect(isTooLong('æøå'.repeat(1000), 2999)).toBe(true);
  });
});
