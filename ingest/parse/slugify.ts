import { foldForMatch } from './fold-for-match.js';

/**
 * Turns a file name or title into a document id: lowercase, æ→ae ø→oe å→aa, accents dropped,
 * every run of other characters outside [a-z0-9] becomes one '-', no leading/trailing '-'.
 * This is the library format's default-id rule, so ids stay stable across tools and re-ingests.
 * Returns '' when nothing usable is left (callers decide the fallback).
 */
export function slugify(text: string): string {
  return foldForMatch(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
