/**
 * Structure-aware chunking: a Markdown body is split on headings (keeping the heading path), then long sections are
 * split on paragraphs and sentences into pieces of about `targetChars`, each overlapping the previous one by about
 * `overlapChars` so a sentence cut at a boundary is still found whole in one of them.
 */

export interface TextChunk {
  /** Headings above this text, outermost first (without the `#`). */
  headingPath: string[];
  content: string;
  /** Approximate token count (characters / 4), good enough for sizing and budgets. */
  tokenCount: number;
}

export interface ChunkOptions {
  /** @default 1000 */
  targetChars?: number;
  /** @default 1600: a single paragraph or sentence longer than this is cut hard. */
  maxChars?: number;
  /** @default 150 */
  overlapChars?: number;
  /** Sections shorter than this are merged into the next section under the same parent. @default 120 */
  minChars?: number;
}

interface Section {
  headingPath: string[];
  text: string;
}

const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * Splits a document body into chunks.
 * @throws RangeError when the options are inconsistent (overlap must be smaller than the target size).
 */
export function chunkText(body: string, options: ChunkOptions = {}): TextChunk[] {
  const targetChars = options.targetChars ?? 1000;
  const maxChars = options.maxChars ?? Math.max(1600, targetChars);
  const overlapChars = options.overlapChars ?? 150;
  const minChars = options.minChars ?? 120;
  if (targetChars < 100) throw new RangeError(`targetChars must be at least 100 (got ${targetChars})`);
  if (overlapChars < 0 || overlapChars >= targetChars / 2) {
    throw new RangeError(`overlapChars must be between 0 and half of targetChars (got ${overlapChars})`);
  }
  if (maxChars < targetChars) throw new RangeError('maxChars must be at least targetChars');

  const sections = mergeShortSections(splitSections(body), minChars);
  const chunks: TextChunk[] = [];
  for (const section of sections) {
    for (const piece of splitSection(section.text, targetChars, maxChars, overlapChars)) {
      chunks.push({ headingPath: section.headingPath, content: piece, tokenCount: estimateTokens(piece) });
    }
  }
  return chunks;
}

function splitSections(body: string): Section[] {
  const sections: Section[] = [];
  const path: { level: number; title: string }[] = [];
  let lines: string[] = [];
  let inFence = false;
  const flush = () => {
    const text = lines.join('\n').trim();
    if (text) sections.push({ headingPath: path.map((entry) => entry.title), text });
    lines = [];
  };
  for (const line of body.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const match = inFence ? null : HEADING.exec(line);
    if (!match) {
      lines.push(line);
      continue;
    }
    flush();
    const level = match[1]!.length;
    while (path.length > 0 && path[path.length - 1]!.level >= level) path.pop();
    path.push({ level, title: match[2]!.replace(/[*_`]/g, '').trim() });
  }
  flush();
  return sections;
}

/** A tiny section (a one-line "Kontakt" heading, say) is joined with its neighbour rather than becoming a chunk alone. */
function mergeShortSections(sections: Section[], minChars: number): Section[] {
  const merged: Section[] = [];
  for (const section of sections) {
    const previous = merged[merged.length - 1];
    if (previous && previous.text.length < minChars && samePrefix(previous.headingPath, section.headingPath)) {
      const heading = section.headingPath[section.headingPath.length - 1];
      previous.text = `${previous.text}\n\n${heading ? `${heading}: ` : ''}${section.text}`;
      continue;
    }
    merged.push({ ...section });
  }
  return merged;
}

function samePrefix(a: string[], b: string[]): boolean {
  const parentLength = Math.max(0, Math.min(a.length, b.length) - 1);
  for (let i = 0; i < parentLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

function splitSection(text: string, targetChars: number, maxChars: number, overlapChars: number): string[] {
  if (text.length <= maxChars && text.length <= targetChars * 1.3) return [text];
  const units = toUnits(text, maxChars);
  const pieces: string[] = [];
  let current: string[] = [];
  let length = 0;
  for (const unit of units) {
    if (length > 0 && length + unit.length > targetChars) {
      pieces.push(current.join(' ').trim());
      const overlap = takeOverlap(current, overlapChars);
      current = overlap;
      length = overlap.reduce((sum, item) => sum + item.length + 1, 0);
    }
    current.push(unit);
    length += unit.length + 1;
  }
  if (current.length > 0) {
    const last = current.join(' ').trim();
    if (last && last !== pieces[pieces.length - 1]) pieces.push(last);
  }
  return pieces;
}

/** Sentences (paragraph breaks kept as a newline prefix), with anything still too long cut at word boundaries. */
function toUnits(text: string, maxChars: number): string[] {
  const units: string[] = [];
  const paragraphs = text.split(/\n\s*\n/);
  paragraphs.forEach((paragraph, index) => {
    const sentences = paragraph.trim().split(/(?<=[.!?:])\s+(?=[A-ZÆØÅ0-9"“(-])|\n(?=\s*[-*]\s|\s*\d+[.)]\s)/u);
    sentences.forEach((sentence, sentenceIndex) => {
      const prefix = index > 0 && sentenceIndex === 0 ? '\n\n' : '';
      for (const part of hardSplit(sentence.trim(), maxChars)) units.push(prefix + part);
    });
  });
  return units.filter((unit) => unit.trim().length > 0);
}

function hardSplit(text: string, maxChars: number): string[] {
  if (text.length <= maxChars) return [text];
  const parts: string[] = [];
  let rest = text;
  while (rest.length > maxChars) {
    let cut = rest.lastIndexOf(' ', maxChars);
    if (cut < maxChars / 2) cut = maxChars;
    parts.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) parts.push(rest);
  return parts;
}

function takeOverlap(units: string[], overlapChars: number): string[] {
  const overlap: string[] = [];
  let length = 0;
  for (let i = units.length - 1; i >= 0 && length < overlapChars; i--) {
    const unit = units[i]!.replace(/^\n+/, '');
    if (length + unit.length > overlapChars * 2) break;
    overlap.unshift(unit);
    length += unit.length + 1;
  }
  return overlap;
}
