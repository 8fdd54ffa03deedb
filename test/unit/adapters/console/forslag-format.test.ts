import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a browser module in plain JavaScript, without type declarations
import { isVeryClose, likenessLabel, VERY_CLOSE } from '../../../../adapters/console/public/forslag-format.js';

describe('the Forslag page on near-duplicates', () => {
  it('calls a document very close from its similarity, or when it has the same title', () => {
    expect(isVeryClose({ title: 'Noget andet', score: 0.03, similarity: VERY_CLOSE }, 'Hverdagsrehabilitering')).toBe(true);
    expect(isVeryClose({ title: 'Noget andet', score: 0.03, similarity: 0.69 }, 'Hverdagsrehabilitering')).toBe(false);
    expect(isVeryClose({ title: 'Hverdags-rehabilitering!', score: 0.01 }, 'hverdags rehabilitering')).toBe(true);
  });

  it('never reads a fused rank score as a likeness', () => {
    expect(isVeryClose({ title: 'Noget andet', score: 0.95 }, 'Hverdagsrehabilitering')).toBe(false);
  });

  it('labels the similarity when the service gave one, else the rank score', () => {
    expect(likenessLabel({ score: 0.032, similarity: 0.874 })).toBe('Lighed 0,87');
    expect(likenessLabel({ score: 0.032 })).toBe('Score 0,032');
  });
});
