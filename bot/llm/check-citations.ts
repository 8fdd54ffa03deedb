/**
 * Keeps a model's citations honest: every [n] in the answer must point at a source that was actually given.
 * Pure, so it is unit-tested on its own and reusable by any answer path.
 */

export interface CitationCheck {
  /** The answer with invalid citations removed, kept groups written as [a][b], and spacing tidied. */
  text: string;
  /** Valid source numbers the text cites, ascending, once each. */
  usedCitations: number[];
  /** Cited numbers that were not among the given sources, ascending, once each. */
  removedCitations: number[];
}

/**
 * A citation group: [1], [1, 2], [1-3], [1–3], [2; 5], [1,3-4]. Only 1–3 digit numbers, so a bracketed year such as
 * [2019] is left alone (it is text, not a citation).
 */
const ITEM = String.raw`\s*\d{1,3}(?:\s*[-–]\s*\d{1,3})?\s*`;
const GROUP = new RegExp(String.raw`\[(${ITEM}(?:[,;]${ITEM})*)\]`, 'g');
/** Stands for a removed group until the spacing around it is tidied. */
const MARK = '\u0000';
const MARKS = `${MARK}(?:[ \\t]*${MARK})*`;

/**
 * Removes citations to numbers not in `validNumbers` (whole groups, or the invalid part of a group or range), rewrites
 * kept groups as consecutive [n] (what renderers link), and tidies the space a removal leaves ("det [7]." → "det.").
 */
export function checkCitations(text: string, validNumbers: Iterable<number>): CitationCheck {
  const valid = new Set(validNumbers);
  const used = new Set<number>();
  const removed = new Set<number>();

  const replaced = text.replace(GROUP, (_match, inner: string) => {
    const kept: number[] = [];
    for (const n of expandGroup(inner)) {
      if (valid.has(n)) {
        if (!kept.includes(n)) kept.push(n);
        used.add(n);
      } else {
        removed.add(n);
      }
    }
    return kept.length > 0 ? kept.map((n) => `[${n}]`).join('') : MARK;
  });

  const tidied = replaced
    .replace(new RegExp(String.raw`[ \t]*\(\s*${MARKS}\s*\)`, 'g'), '')
    .replace(new RegExp(String.raw`[ \t]*${MARKS}[ \t]*(?=[.,;:!?)]|$)`, 'gm'), '')
    .replace(new RegExp(String.raw`^${MARKS}[ \t]*`, 'gm'), '')
    .replace(new RegExp(String.raw`[ \t]*${MARKS}[ \t]*`, 'g'), ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

  return {
    text: tidied,
    usedCitations: [...used].sort((a, b) => a - b),
    removedCitations: [...removed].sort((a, b) => a - b),
  };
}

/** The numbers a group names, ranges expanded in order ("1, 3-4" → 1, 3, 4; a reversed range "4-3" counts too). */
function expandGroup(inner: string): number[] {
  const numbers: number[] = [];
  for (const item of inner.split(/[,;]/)) {
    const [from, to] = item.split(/[-–]/).map((part) => Number(part.trim()));
    if (to === undefined) {
      numbers.push(from!);
      continue;
    }
    const low = Math.min(from!, to);
    const high = Math.max(from!, to);
    for (let n = low; n <= high; n += 1) numbers.push(n);
  }
  return numbers;
}
