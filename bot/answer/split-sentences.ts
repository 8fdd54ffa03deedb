/**
 * Sentence splitting for library passages (Markdown from the case files, hard-wrapped text from PDFs and Word files).
 * The extractive answer may only quote what the sources say, so every returned sentence is the source text verbatim
 * apart from whitespace (runs of spaces and line breaks become one space) and a leading list marker.
 */

/**
 * Danish abbreviations that end in a full stop without ending the sentence ("f.eks. Aarhus", "ca. 200"). Words that
 * usually close a sentence when followed by a capital ("500 mio. kr. Målet …", "mv.", "osv.") are deliberately absent.
 */
const ABBREVIATIONS = new Set([
  'bl.a', 'f.eks', 'fx', 'ca', 'mio', 'mia', 'mill', 'nr', 'dvs', 'jf', 'evt', 'inkl', 'ekskl', 'hhv', 'vedr', 'tlf',
  'kl', 'stk', 'e.g', 'i.e', 'vs', 'dr', 'st', 'skt', 'sdr', 'ndr', 'gl', 'jan', 'feb', 'aug', 'sept', 'okt', 'nov',
  'dec', 'prof', 'mr', 'mrs', 'ms', 'no',
]);

const LIST_MARKER = /^\s*(?:[-*+•▪]|\d{1,2}[.)])\s+/u;
const HEADING = /^\s*#{1,6}\s/u;
const TABLE_ROW = /^\s*\|/u;

/** Lines of one text grouped into units: a paragraph (hard wraps joined), a list item, a heading or a table row. */
function textUnits(text: string): string[] {
  const units: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length) units.push(current.join(' '));
    current = [];
  };
  for (const rawLine of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = rawLine.trim();
    if (!line) {
      flush();
      continue;
    }
    if (HEADING.test(line) || TABLE_ROW.test(line)) {
      flush();
      units.push(line);
      continue;
    }
    if (LIST_MARKER.test(line)) flush();
    current.push(line);
  }
  flush();
  return units;
}

/** True when the full stop at the end of `before` belongs to an abbreviation, an initial or an ordinal. */
function isAbbreviation(before: string): boolean {
  const word = /([\p{L}.]+)\.$/u.exec(before)?.[1]?.toLowerCase();
  if (!word) return false;
  if (ABBREVIATIONS.has(word)) return true;
  return /^\p{L}$/u.test(word);
}

/**
 * Sentence boundaries: ., ! or ? (optionally followed by closing quotes, brackets or Markdown emphasis), then space,
 * then something that can start a sentence (capital letter, digit, quote, bracket, emphasis, dash).
 */
const BOUNDARY = /[.!?…]["'»”’)\]*_]*\s+(?=[\p{Lu}\p{N}"'«“„(*_–-])/gu;

function splitUnit(unit: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of unit.matchAll(BOUNDARY)) {
    const end = match.index + match[0].trimEnd().length;
    const piece = unit.slice(start, end);
    if (/\.["'»”’)\]*_]*$/u.test(piece) && isAbbreviation(piece.replace(/["'»”’)\]*_]+$/u, ''))) continue;
    sentences.push(piece);
    start = match.index + match[0].length;
  }
  sentences.push(unit.slice(start));
  return sentences;
}

/**
 * Splits `text` into sentences in reading order. Headings and table rows come back as their own (unchanged) entries
 * so callers can recognise and drop them; list items lose their marker. Whitespace is collapsed; nothing else is
 * rewritten, so each sentence (whitespace-normalised) is a substring of the whitespace-normalised text.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const unit of textUnits(text)) {
    const normalised = unit.replace(/\s+/gu, ' ').trim();
    if (HEADING.test(normalised) || TABLE_ROW.test(normalised)) {
      sentences.push(normalised);
      continue;
    }
    const body = normalised.replace(LIST_MARKER, '');
    for (const sentence of splitUnit(body)) {
      const trimmed = sentence.trim();
      if (trimmed) sentences.push(trimmed);
    }
  }
  return sentences;
}

/** Collapses runs of whitespace to one space and trims: the form in which quoted sentences are compared. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}
