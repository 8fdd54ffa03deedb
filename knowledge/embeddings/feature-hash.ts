/**
 * 32-bit FNV-1a hashing over UTF-16 code units, plus a finaliser, for the local embedder's hashed features.
 * Stable across runs, platforms and Node versions (pure integer arithmetic), which the stored vectors rely on.
 */

export const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Continues an FNV-1a hash `hash` with the code units of `text`. Start from a seed to separate feature kinds. */
export function fnv1a(text: string, hash: number = FNV_OFFSET): number {
  let h = hash;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/** One FNV-1a step with one code unit (for hashing substrings without allocating them). */
export function fnv1aStep(hash: number, codeUnit: number): number {
  return Math.imul(hash ^ codeUnit, FNV_PRIME) >>> 0;
}

/**
 * MurmurHash3's 32-bit finaliser: spreads FNV's weak low bits so that `hash % dimensions` and the sign bit are
 * (close to) independent and uniform.
 */
export function mix32(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
