/**
 * Finds a reference to one numbered source of the previous answer: "nummer 2", "nr. 2", "[2]", "2'eren",
 * "den anden", "the second one", "number 2", "case 3", "den sidste". The numbers are the citation numbers the
 * answer showed ([1], [2], …), which case cards carry too.
 */

export interface NumberReference {
  /** The citation number, or 'last' for "den sidste"/"the last one". */
  n: number | 'last';
  /** The text that made the reference, as written (for replacing it by the document's title). */
  snippet: string;
  /**
   * 'explicit' for digits and "nummer to"; 'ordinal' for "den anden"/"the second", which ordinary sentences use
   * too ("den ene … den anden"), so callers require a shorter message around them.
   */
  strength: 'explicit' | 'ordinal';
}

const NUMBER_WORDS: Record<string, number> = {
  en: 1, én: 1, et: 1, to: 2, tre: 3, fire: 4, fem: 5, seks: 6, syv: 7, otte: 8, ni: 9, ti: 10,
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
};
const ORDINALS: Record<string, number | 'last'> = {
  første: 1, anden: 2, andet: 2, tredje: 3, fjerde: 4, femte: 5, sjette: 6, syvende: 7, ottende: 8, niende: 9,
  tiende: 10, sidste: 'last', sidst: 'last',
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  last: 'last',
};

const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
const NUMBER = `(\\d{1,2}|${Object.keys(NUMBER_WORDS).join('|')})`;
const ORDINAL = `(${Object.keys(ORDINALS).join('|')})`;
const NOUNS = [
  'one', 'case', 'casen', 'sag', 'sagen', 'kilde', 'kilden', 'source', 'eksempel', 'eksempler', 'example', 'projekt',
  'projektet', 'project', 'resultat', 'result', 'link', 'henvisning',
];
const NOUN = `(?:\\s+(?:${NOUNS.join('|')}))?`;
/** "om 2 år" is a period, not source number 2. */
const NOT_A_UNIT = '(?!\\s*(?:år|years?|kr|kroner|%|procent|mio|måneder|months?|dage|days?|uger|weeks?))';

const EXPLICIT: RegExp[] = [
  /\[(\d{1,2})\]/u,
  new RegExp(`${B}(?:nummer|nr\\.?|no\\.|number|num\\.?|#)\\s*${NUMBER}${E}`, 'iu'),
  new RegExp(`${B}(?:kilde|source|case|sag|reference|ref\\.?|punkt|resultat|result|item)\\s+(\\d{1,2})${E}`, 'iu'),
  new RegExp(`${B}(\\d{1,2})\\s*['’´\`]?\\s*(?:eren|ern)${E}`, 'iu'),
  new RegExp(`${B}(?:om|about|on|uddyb|uddybe)\\s+(\\d{1,2})${E}${NOT_A_UNIT}`, 'iu'),
  /^\s*(?:nr\.?\s*)?(\d{1,2})\s*[?.!]*\s*$/u,
];
/** "på den anden side" and "den ene … den anden" are ordinary Danish, not references. */
const NOT_A_REFERENCE_AFTER = '(?!\\s+(?:side|vej|gang|time|tid|periode|år|uge|måned))';
const ORDINAL_PATTERN = new RegExp(
  `${B}(?<!på\\s)(?:den|det|the)\\s+${ORDINAL}${NOUN}${E}${NOT_A_REFERENCE_AFTER}`,
  'iu',
);
const BARE_ORDINAL = new RegExp(`^\\s*${ORDINAL}${NOUN}\\s*[?.!]*\\s*$`, 'iu');
const ONE_THE_OTHER = /(?<![\p{L}\p{N}])den ene(?![\p{L}\p{N}])/iu;

function toNumber(word: string): number | undefined {
  const lower = word.toLowerCase();
  return /^\d+$/.test(lower) ? Number(lower) : NUMBER_WORDS[lower];
}

/** The first reference to a numbered source in `text` (as written, not normalised), or undefined. */
export function findNumberReference(text: string): NumberReference | undefined {
  for (const pattern of EXPLICIT) {
    const match = pattern.exec(text);
    const n = match?.[1] === undefined ? undefined : toNumber(match[1]);
    if (match && n !== undefined && n > 0) return { n, snippet: match[0].trim(), strength: 'explicit' };
  }
  const ordinal = BARE_ORDINAL.exec(text) ?? ORDINAL_PATTERN.exec(text);
  if (ordinal?.[1] && !ONE_THE_OTHER.test(text)) {
    const n = ORDINALS[ordinal[1].toLowerCase()];
    if (n !== undefined) return { n, snippet: ordinal[0].trim(), strength: 'ordinal' };
  }
  return undefined;
}
