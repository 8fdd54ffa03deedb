import { describe, expect, it } from 'vitest';
import { FeatureCounter } from '../../../../knowledge/embeddings/feature-counter.js';

function entries(counter: FeatureCounter) {
  const seen: Array<[number, number, number]> = [];
  counter.forEach((hash, count, kind) => seen.push([hash, count, kind]));
  return seen;
}

describe('FeatureCounter', () => {
  it('should count repeated hashes in insertion order when adding', () => {
    const counter = new FeatureCounter(16);
    counter.add(7, 0);
    counter.add(0xffffffff, 1);
    counter.add(7, 0);
    expect(entries(counter)).toEqual([
      [7, 2, 0],
      [0xffffffff, 1, 1],
    ]);
  });

  it('should keep every count when it grows past its initial capacity', () => {
    const counter = new FeatureCounter(16);
    for (let round = 0; round < 3; round += 1) for (let hash = 1; hash <= 1000; hash += 1) counter.add(hash * 2654435761, 2);
    const seen = entries(counter);
    expect(seen).toHaveLength(1000);
    expect(seen.every(([, count]) => count === 3)).toBe(true);
  });

  it('should be empty when cleared', () => {
    const counter = new FeatureCounter();
    counter.add(1, 0);
    counter.clear();
    expect(entries(counter)).toEqual([]);
    counter.add(1, 0);
    expect(entries(counter)).toEqual([[1, 1, 0]]);
  });
});
