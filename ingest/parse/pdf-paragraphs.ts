/**
 * Restores paragraph breaks in text extracted from one PDF page. pdf-parse gives one line per printed
 * line and no blank lines, so paragraphs would run together. Heuristics, relative to the page's full
 * line length (90th percentile):
 * - a line that ends a sentence (. ! ? : or a closing quote) and is clearly short (< 85 %) ends its paragraph;
 * - a much shorter line (< 60 %) without closing punctuation, followed by a line starting with a capital
 *   letter or digit, is taken as a heading or list line and also stands alone.
 * Lines are otherwise kept as they are (no re-flowing, no de-hyphenation).
 */
export function pdfParagraphs(pageText: string): string {
  const lines = pageText.split('\n').map((line) => line.trim());
  const lengths = lines.filter((line) => line !== '').map((line) => line.length).sort((a, b) => a - b);
  if (lengths.length < 3) return lines.join('\n');
  const fullLine = lengths[Math.floor(lengths.length * 0.9)] ?? 0;
  const out: string[] = [];
  lines.forEach((line, index) => {
    out.push(line);
    const next = lines[index + 1];
    if (next === undefined || next === '' || line === '') return;
    const endsSentence = /[.!?:»”"]$/.test(line) && line.length < fullLine * 0.85;
    const standsAlone = !/[,;\-–]$/.test(line) && line.length < fullLine * 0.6 && /^[\p{Lu}\p{N}]/u.test(next);
    if (endsSentence || standsAlone) out.push('');
  });
  return out.join('\n');
}
