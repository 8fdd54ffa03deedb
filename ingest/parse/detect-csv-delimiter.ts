/** Delimiters a library CSV may use: ',' (standard), ';' (Danish Excel), tab (pasted from spreadsheets). */
export type CsvDelimiter = ',' | ';' | '\t';

/**
 * Picks the delimiter from the header line: the candidate occurring most often outside quotes.
 * Danish Excel writes ';' because ',' is the decimal mark. Ties and a one-column header fall back to ','.
 */
export function detectCsvDelimiter(headerLine: string): CsvDelimiter {
  const counts: Record<CsvDelimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char in counts) counts[char as CsvDelimiter] += 1;
  }
  let best: CsvDelimiter = ',';
  for (const candidate of [';', '\t'] as const) if (counts[candidate] > counts[best]) best = candidate;
  return best;
}
