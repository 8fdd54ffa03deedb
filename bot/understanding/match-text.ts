/**
 * Small matching helpers shared by the rule-based understanding. All cue lists are written against
 * `normalizeText` output (lower case, æøå kept, other accents folded, punctuation replaced by single spaces), so
 * "Hvem har…?", "hvem  har" and "HVEM HAR" look the same, and a cue never has to care about punctuation.
 */
import { isStopWord, normalizeText } from '../../knowledge/index.js';

export { normalizeText };

/** Letters and digits in any script: what counts as "inside a word" for {@link wordPattern}. */
const WORD_CHARACTER = '[\\p{L}\\p{N}]';

/**
 * A regular expression matching any of `sources` (regex fragments) as whole words: never inside a longer word,
 * which JavaScript's ASCII-only `\b` cannot guarantee for Danish ("ældre", "før").
 * @param flags extra flags; 'u' is always set. Use 'g' only for `matchAll`/`replace`: a global regex keeps
 *   `lastIndex` between `test`/`exec` calls, so a shared one would answer differently for the next message.
 */
export function wordPattern(sources: readonly string[], flags = ''): RegExp {
  return new RegExp(`(?<!${WORD_CHARACTER})(?:${sources.join('|')})(?!${WORD_CHARACTER})`, `u${flags}`);
}

/** A regex fragment matching any one of `alternatives`: `(?:a|b|c)`. Keeps long cue lists readable. */
export function anyOf(alternatives: readonly string[]): string {
  return `(?:${alternatives.join('|')})`;
}

/** The first match of any pattern in `patterns`, by position in `text`; undefined when none matches. */
export function firstMatch(patterns: readonly RegExp[], text: string): RegExpExecArray | undefined {
  let best: RegExpExecArray | undefined;
  for (const pattern of patterns) {
    const stateless = pattern.global ? new RegExp(pattern.source, pattern.flags.replace('g', '')) : pattern;
    const match = stateless.exec(text);
    if (match && (best === undefined || match.index < best.index)) best = match;
  }
  return best;
}

/** `text` with every match of `pattern` replaced by a space, whitespace collapsed. */
export function removeMatches(text: string, pattern: RegExp): string {
  const global = pattern.flags.includes('g') ? pattern : new RegExp(pattern.source, `${pattern.flags}g`);
  return text.replace(global, ' ').replace(/\s+/g, ' ').trim();
}

/** `text` with each of `snippets` (normalised text) removed once, whitespace collapsed. */
export function removeSnippets(text: string, snippets: readonly string[]): string {
  let rest = ` ${text} `;
  for (const snippet of snippets) {
    if (snippet !== '') rest = rest.replace(` ${snippet} `, ' ');
  }
  return rest.replace(/\s+/g, ' ').trim();
}

/** True when `token` is a function word in Danish or English: users mix languages inside one message. */
export function isFunctionWord(token: string): boolean {
  return isStopWord(token, 'da') || isStopWord(token, 'en');
}

/**
 * The words of normalised `text` that carry content: not function words of either language, not in `ignore`.
 * Used to decide whether a message is "essentially" a greeting, a thank-you or an elliptical follow-up.
 */
export function contentWords(normalized: string, ignore: ReadonlySet<string> = new Set()): string[] {
  if (normalized === '') return [];
  return normalized.split(' ').filter((token) => !isFunctionWord(token) && !ignore.has(token));
}
