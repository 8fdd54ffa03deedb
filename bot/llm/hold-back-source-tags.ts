/**
 * Leaked source tags kept out of an answer while it streams. The finished answer is cleaned with `stripSourceTags`;
 * a stream cannot wait for the end, so text from a `<` that may still become a source tag (`<`, `<sou`,
 * `<source n="2" title="…`) is held back until the piece that decides it arrives, and what is let through has its
 * complete tags removed. What the user sees while streaming is then always a prefix-safe part of the answer.
 */
import { stripSourceTags } from './source-block.js';

/** A tag name in progress: `<`, `</`, `< s`, …, `<sources`, or a whole source(s) tag name with attributes still open. */
const MAYBE_TAG = /^<\s*\/?\s*(?:s(?:o(?:u(?:r(?:c(?:e(?:s)?)?)?)?)?)?)?$|^<\s*\/?\s*sources?\b[^>]*$/i;

/** Feeds streamed pieces in, takes out the text that is safe to show. */
export interface SourceTagHoldBack {
  /** Adds a piece; returns the text that can be shown now ('' when everything new is held back). */
  push(piece: string): string;
}

export function holdBackSourceTags(): SourceTagHoldBack {
  let held = '';
  return {
    push(piece) {
      held += piece;
      const open = held.lastIndexOf('<');
      const keepFrom = open >= 0 && MAYBE_TAG.test(held.slice(open)) ? open : held.length;
      const ready = held.slice(0, keepFrom);
      held = held.slice(keepFrom);
      return stripSourceTags(ready);
    },
  };
}
