/**
 * Text analysis for Danish (and, for questions asked in English, English): normalise, tokenise, drop stop words, stem.
 * One implementation shared by the local embedder and the lexical (keyword) side of retrieval, so both see the same
 * words.
 */
import * as snowballModule from 'snowball-stemmers';
import { DANISH_STOP_WORDS } from './danish-stop-words.js';
import { ENGLISH_STOP_WORDS } from './english-stop-words.js';
import { tokenize } from './normalize-text.js';
import type { TextLanguage } from './text-language.js';

export { DANISH_STOP_WORDS } from './danish-stop-words.js';
export { ENGLISH_STOP_WORDS } from './english-stop-words.js';
export { detectLanguage, detectLanguageOfTokens } from './detect-language.js';
export { normalizeText, tokenize } from './normalize-text.js';
export type { TextLanguage } from './text-language.js';

/** True for a normalised token that is a function word or question word in `language` (default Danish). */
export function isStopWord(token: string, language: TextLanguage = 'da'): boolean {
  return language === 'en' ? ENGLISH_STOP_WORDS.has(token) : DANISH_STOP_WORDS.has(token);
}

type SnowballFactory = { newStemmer(language: string): { stem(word: string): string } };
/** CommonJS interop: Node exposes `newStemmer` as a named export, some bundlers only under `default`. */
const snowball: SnowballFactory =
  typeof (snowballModule as Partial<SnowballFactory>).newStemmer === 'function'
    ? (snowballModule as SnowballFactory)
    : (snowballModule as unknown as { default: SnowballFactory }).default;

const STEM_CACHE_LIMIT = 100_000;
const stemmers = new Map<TextLanguage, { stem(word: string): string; cache: Map<string, string> }>();

function stemmerFor(language: TextLanguage) {
  let entry = stemmers.get(language);
  if (!entry) {
    entry = { stem: snowball.newStemmer(language === 'en' ? 'english' : 'danish').stem, cache: new Map() };
    stemmers.set(language, entry);
  }
  return entry;
}

/**
 * Snowball stem of one normalised token ("kommunerne" -> "kommun"). Results are memoised (bounded cache), because
 * the same few thousand words recur across a whole library and stemming dominates the cost of analysis otherwise.
 */
export function stem(token: string, language: TextLanguage = 'da'): string {
  const stemmer = stemmerFor(language);
  let stemmed = stemmer.cache.get(token);
  if (stemmed === undefined) {
    stemmed = stemmer.stem(token);
    if (stemmer.cache.size >= STEM_CACHE_LIMIT) stemmer.cache.clear();
    stemmer.cache.set(token, stemmed);
  }
  return stemmed;
}

/**
 * The content of `text` as stems: tokenise, drop stop words of `language`, stem.
 * "Hvem har prøvet hverdagsrehabilitering i kommunerne?" -> ["prøv", "hverdagsrehabilitering", "kommun"].
 */
export function analyzeText(text: string, language: TextLanguage = 'da'): string[] {
  const stems: string[] = [];
  for (const token of tokenize(text)) {
    if (!isStopWord(token, language)) stems.push(stem(token, language));
  }
  return stems;
}
