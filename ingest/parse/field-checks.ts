/**
 * Lenient, single-purpose validators for library metadata values as users write them
 * (YAML front matter, CSV cells, JSON values). Each turns one raw value into a clean value
 * or an English error message (without the field name: the caller adds it).
 * Leniency rule: accept what is sloppy but unambiguous (a lone string for a list, "2012" for a
 * year, "Sjaelland" for Sjælland), reject what would need guessing.
 */
import { foldForMatch } from './fold-for-match.js';

/** A checked value, or the reason it is wrong. `path` points below the field (e.g. ['email'] inside contact). */
export type Checked<T> = { ok: true; value: T } | { ok: false; message: string; path?: string[] };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const fail = (message: string, path?: string[]): Checked<never> =>
  path === undefined ? { ok: false, message } : { ok: false, message, path };

/** Earliest and latest year the library accepts for `year` / `end_year`. */
export const YEAR_RANGE = { min: 1950, max: 2100 } as const;

/** Separator for several values written in one string ("a; b"), as in the CSV list columns. */
export const LIST_SEPARATOR = ';';

/** True for missing values: undefined, null, and strings that are empty or only whitespace. */
export function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** Short, quoted rendering of a bad value for error messages. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a mapping';
  return String(value);
}

/** Optional free text: trimmed string; numbers are accepted as their decimal text (YAML reads `title: 2030` as a number). */
export function checkText(value: unknown): Checked<string | undefined> {
  if (isAbsent(value)) return ok(undefined);
  if (typeof value === 'string') return ok(value.trim());
  if (typeof value === 'number' || typeof value === 'bigint') return ok(String(value));
  return fail(`must be text (got ${showValue(value)})`);
}

/** Required free text. */
export function checkRequiredText(value: unknown): Checked<string> {
  if (isAbsent(value)) return fail('is required');
  const text = checkText(value);
  if (!text.ok) return text;
  return ok(text.value ?? '');
}

/**
 * One of a fixed list of canonical spellings, matched case- and accent-insensitively
 * (see foldForMatch) and through `aliases` (folded alias → canonical). Returns the canonical spelling.
 */
export function checkOneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  aliases: Readonly<Record<string, T>> = {},
): Checked<T | undefined> {
  if (isAbsent(value)) return ok(undefined);
  if (typeof value !== 'string') return fail(`must be one of ${allowed.join(', ')} (got ${showValue(value)})`);
  const folded = foldForMatch(value);
  const match = allowed.find((candidate) => foldForMatch(candidate) === folded) ?? aliases[folded];
  return match === undefined ? fail(`must be one of ${allowed.join(', ')} (got ${showValue(value)})`) : ok(match);
}

/** A year: an integer or a string of digits, within YEAR_RANGE. */
export function checkYear(value: unknown): Checked<number | undefined> {
  if (isAbsent(value)) return ok(undefined);
  let year: number | undefined;
  if (typeof value === 'number' && Number.isInteger(value)) year = value;
  else if (typeof value === 'string' && /^\d{1,4}$/.test(value.trim())) year = Number(value.trim());
  if (year === undefined) return fail(`must be a year such as 2019 (got ${showValue(value)})`);
  if (year < YEAR_RANGE.min || year > YEAR_RANGE.max) {
    return fail(`must be between ${YEAR_RANGE.min} and ${YEAR_RANGE.max} (got ${year})`);
  }
  return ok(year);
}

/** An absolute http(s) URL. */
export function checkHttpUrl(value: unknown): Checked<string | undefined> {
  const text = checkText(value);
  if (!text.ok || text.value === undefined) return text;
  let url: URL | undefined;
  try {
    url = new URL(text.value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || /\s/.test(text.value)) {
    return fail(`must be an http:// or https:// URL (got ${showValue(text.value)})`);
  }
  return ok(text.value);
}

/** Plausible e-mail shape: something@domain.tld, no spaces. Deliberately loose; it only catches typos. */
export function checkEmail(value: unknown): Checked<string | undefined> {
  const text = checkText(value);
  if (!text.ok || text.value === undefined) return text;
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text.value)
    ? ok(text.value)
    : fail(`must be an e-mail address such as navn@kommune.dk (got ${showValue(text.value)})`);
}

/**
 * A list of values. Absent → []; a lone string → split on ';' (so "a; b" and "a" both work);
 * a lone number → one element; an array → its items. Empty items are dropped, duplicates removed
 * (after `checkItem` normalised them). Bad items are all named in one message.
 */
export function checkList<T>(value: unknown, checkItem: (item: unknown) => Checked<T | undefined>): Checked<T[]> {
  if (isAbsent(value)) return ok([]);
  let items: unknown[];
  if (Array.isArray(value)) items = value;
  else if (typeof value === 'string') items = value.split(LIST_SEPARATOR);
  else if (typeof value === 'number') items = [value];
  else return fail(`must be a list (got ${showValue(value)})`);

  const result: T[] = [];
  const errors: string[] = [];
  for (const item of items) {
    const checked = checkItem(item);
    if (!checked.ok) errors.push(checked.message);
    else if (checked.value !== undefined && !result.includes(checked.value)) result.push(checked.value);
  }
  if (errors.length > 0) return fail([...new Set(errors)].join('; '));
  return ok(result);
}
