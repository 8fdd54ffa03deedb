/**
 * The features the local embedder hashes: Danish-aware words, character n-grams and word pairs of one text.
 *
 * Changing anything here changes the vectors: bump the version in the local model id ('local-da-hash-v1') so that
 * existing databases notice and re-embed.
 */
import { detectLanguageOfTokens } from '../text/detect-language.js';
import { isStopWord, stem } from '../text/danish-text.js';
import { tokenize } from '../text/normalize-text.js';
import type { FeatureCounter } from './feature-counter.js';
import { fnv1a, fnv1aStep, mix32 } from './feature-hash.js';

/** The feature kinds, as stored in a {@link FeatureCounter}. */
export const FeatureKind = { word: 0, ngram: 1, bigram: 2 } as const;

/** Relative weights of the feature kinds (before sublinear term frequency), indexed by {@link FeatureKind}. */
export const FEATURE_WEIGHTS: readonly number[] = [1, 0.5, 0.5];

/** Character n-gram lengths taken from each stem padded with boundary markers ("<hverdag>"). */
const MIN_NGRAM = 3;
const MAX_NGRAM = 5;
const WORD_SEED = fnv1a('word:');
const NGRAM_SEED = fnv1a('ngram:');
const BIGRAM_SEED = fnv1a('bigram:');
const BEGIN = '<'.charCodeAt(0);
const END = '>'.charCodeAt(0);

const NGRAM_CACHE_LIMIT = 200_000;
const ngramCache = new Map<string, Uint32Array>();

/** Mixed hashes of the 3..5-character n-grams of `<stem>`, memoised: a library reuses a few thousand stems everywhere. */
function ngramHashes(stemmed: string): Uint32Array {
  const cached = ngramCache.get(stemmed);
  if (cached) return cached;
  const length = stemmed.length + 2;
  const codeAt = (position: number) =>
    position === 0 ? BEGIN : position === length - 1 ? END : stemmed.charCodeAt(position - 1);
  const hashes: number[] = [];
  for (let start = 0; start + MIN_NGRAM <= length; start += 1) {
    let hash = NGRAM_SEED;
    const stop = Math.min(start + MAX_NGRAM, length);
    for (let position = start; position < stop; position += 1) {
      hash = fnv1aStep(hash, codeAt(position));
      if (position - start + 1 >= MIN_NGRAM) hashes.push(mix32(hash));
    }
  }
  const result = Uint32Array.from(hashes);
  if (ngramCache.size >= NGRAM_CACHE_LIMIT) ngramCache.clear();
  ngramCache.set(stemmed, result);
  return result;
}

/**
 * Counts the features of `text` into `counter` (which the caller clears). All hashes are mixed 32-bit values, so
 * their low bits and top bit are usable directly.
 * Features: the text's language is detected (Danish unless clearly English), stop words of
 * that language are dropped, the rest is Snowball-stemmed. Each stem gives one word feature and its character
 * n-grams (so "hverdagsrehabilitering" shares features with "rehabilitering i hverdagen"); each pair of neighbouring
 * stems gives a bigram feature. A text of stop words only ("hvem er I?") keeps its stop words rather than vanish.
 */
export function countFeatures(text: string, counter: FeatureCounter): void {
  const tokens = tokenize(text);
  if (tokens.length === 0) return;
  const language = detectLanguageOfTokens(tokens);
  let content = tokens.filter((token) => !isStopWord(token, language));
  if (content.length === 0) content = tokens;

  let previousWordHash = 0;
  for (let index = 0; index < content.length; index += 1) {
    const stemmed = stem(content[index]!, language);
    const wordHash = mix32(fnv1a(stemmed, WORD_SEED));
    counter.add(wordHash, FeatureKind.word);
    for (const ngram of ngramHashes(stemmed)) counter.add(ngram, FeatureKind.ngram);
    if (index > 0) counter.add(mix32(Math.imul(previousWordHash, 31) ^ wordHash ^ BIGRAM_SEED), FeatureKind.bigram);
    previousWordHash = wordHash;
  }
}
