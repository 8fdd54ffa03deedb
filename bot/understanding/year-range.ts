/**
 * Finds a period in a question ("efter 2015", "mellem 2010 og 2015", "de seneste 5 år", "since 2015") and turns it
 * into the `yearFrom`/`yearTo` of the search filters. Works on `normalizeText` output.
 *
 * Semantics follow the filters: yearFrom = "active in or after", yearTo = "started in or before". "efter 2015"
 * excludes 2015 (yearFrom 2016), "siden/fra 2015" includes it; "før 2012" excludes 2012 (yearTo 2011), "til og med
 * 2012" includes it.
 */
import { anyOf, wordPattern } from './match-text.js';

export interface YearRange {
  yearFrom?: number;
  yearTo?: number;
  /** The normalised snippets that produced the range. */
  matched: string[];
}

const YEAR = '((?:19|20)\\d{2})';
const OPTIONAL_YEAR_WORD = '(?:(?:år|året|year) )?';
const NUMBER_WORDS: Record<string, number> = {
  to: 2, tre: 3, fire: 4, fem: 5, seks: 6, syv: 7, otte: 8, ni: 9, ti: 10, femten: 15, tyve: 20,
  two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, fifteen: 15, twenty: 20,
};
const COUNT = `(\\d{1,2}|${Object.keys(NUMBER_WORDS).join('|')})`;

const UP_TO_INCLUDING = anyOf([
  'til og med', 'frem til', 'indtil', 'senest i', 'up to and including', 'up to', 'until', 'through', 'no later than',
]);

type RangeRule = { pattern: RegExp; range: (numbers: string[], currentYear: number) => Omit<YearRange, 'matched'> };

const inclusive = (from: number, to: number) => ({ yearFrom: Math.min(from, to), yearTo: Math.max(from, to) });

/** Ranges first, so "mellem 2010 og 2015" is not also read as "i 2015"; then open ends; then single years. */
const RULES: RangeRule[] = [
  {
    pattern: wordPattern([
      `(?:mellem|imellem|between) ${OPTIONAL_YEAR_WORD}${YEAR} (?:og|and) ${YEAR}`,
      `(?:fra|from) ${OPTIONAL_YEAR_WORD}${YEAR} (?:til|to|until|through) ${YEAR}`,
      `(?:i|in) (?:årene|perioden|the years|the period) ${YEAR} (?:til|og|to|and)? ?${YEAR}`,
      `${YEAR} ${YEAR}`, // "2010-2015" after normalisation
    ]),
    range: ([a, b]) => inclusive(Number(a), Number(b)),
  },
  {
    pattern: wordPattern([
      `(?:(?:i|inden for|indenfor) )?(?:de|the) (?:seneste|sidste|last|past) ${COUNT} (?:år|years)`,
      `(?:(?:in|within|over) )?(?:the )?(?:last|past) ${COUNT} years`,
    ]),
    range: ([count], currentYear) => ({ yearFrom: currentYear - (NUMBER_WORDS[count] ?? Number(count)) }),
  },
  {
    pattern: wordPattern([`(?:efter|after) ${OPTIONAL_YEAR_WORD}${YEAR}`]),
    range: ([y]) => ({ yearFrom: Number(y) + 1 }),
  },
  {
    pattern: wordPattern([
      `(?:siden|fra og med|since|as of|starting in|starting from) ${OPTIONAL_YEAR_WORD}${YEAR}`,
      `(?:fra|from) ${OPTIONAL_YEAR_WORD}${YEAR}(?: (?:og|and) (?:frem|fremefter|fremad|senere|later|onwards))?`,
      `${YEAR} (?:og (?:frem|fremefter|fremad|senere)|or later|and later|onwards|onward)`,
    ]),
    range: ([y]) => ({ yearFrom: Number(y) }),
  },
  {
    pattern: wordPattern([`(?:før|inden|forud for|before|prior to) ${OPTIONAL_YEAR_WORD}${YEAR}`]),
    range: ([y]) => ({ yearTo: Number(y) - 1 }),
  },
  {
    pattern: wordPattern([
      `${UP_TO_INCLUDING} ${OPTIONAL_YEAR_WORD}${YEAR}`,
      `${YEAR} (?:og tidligere|or earlier|and earlier)`,
    ]),
    range: ([y]) => ({ yearTo: Number(y) }),
  },
  {
    pattern: wordPattern([`(?:i|in|during) ${OPTIONAL_YEAR_WORD}${YEAR}`]),
    range: ([y]) => inclusive(Number(y), Number(y)),
  },
  {
    pattern: wordPattern(['i år', 'i indeværende år', 'this year']),
    range: (_numbers, currentYear) => inclusive(currentYear, currentYear),
  },
];

/**
 * The period named in normalised `text`, or an empty range. When several constraints are named ("efter 2010 og
 * før 2015") they combine; two lower bounds keep the later one, two upper bounds the earlier one, and bounds that
 * cross ("startet i 2012 og afsluttet i 2015") are read as the period between them.
 * @param currentYear the year "de seneste 5 år" counts back from (the caller passes it for testability).
 */
export function findYearRange(normalized: string, currentYear: number): YearRange {
  const result: YearRange = { matched: [] };
  let rest = normalized;
  for (const rule of RULES) {
    const global = new RegExp(rule.pattern.source, `${rule.pattern.flags}g`);
    for (const match of rest.matchAll(global)) {
      const numbers = match.slice(1).filter((group): group is string => group !== undefined);
      const range = rule.range(numbers, currentYear);
      if (range.yearFrom !== undefined) result.yearFrom = Math.max(result.yearFrom ?? range.yearFrom, range.yearFrom);
      if (range.yearTo !== undefined) result.yearTo = Math.min(result.yearTo ?? range.yearTo, range.yearTo);
      result.matched.push(match[0]);
    }
    rest = rest.replace(global, ' ');
  }
  // "startet i 2012 og afsluttet i 2015" gives from 2015 and to 2012: the user named a period, so span it.
  if (result.yearFrom !== undefined && result.yearTo !== undefined && result.yearFrom > result.yearTo) {
    [result.yearFrom, result.yearTo] = [result.yearTo, result.yearFrom];
  }
  return result;
}
