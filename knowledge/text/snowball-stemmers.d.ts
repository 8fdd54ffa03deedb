/**
 * Types for `snowball-stemmers` (plain CommonJS, ships no declarations).
 * Only the part this project uses: a factory returning a stateless-looking `stem(word)`.
 */
declare module 'snowball-stemmers' {
  export interface SnowballStemmer {
    /** Returns the stem of one lower-case word. */
    stem(word: string): string;
  }
  export function newStemmer(language: string): SnowballStemmer;
  export function algorithms(): string[];
  const snowballFactory: { newStemmer: typeof newStemmer; algorithms: typeof algorithms };
  export default snowballFactory;
}
