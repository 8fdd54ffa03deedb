import { YEAR_RANGE } from './field-checks.js';

/**
 * The year in a date as documents write it ("2021-03-04T10:00:00Z", "4. marts 2021", "2021"):
 * the first four-digit number within the library's year range, else undefined.
 * Used for HTML <meta name="date">, <time> and DOCX dcterms:created, where formats vary.
 */
export function yearFromDate(text: string | Date | undefined | null): number | undefined {
  if (text === undefined || text === null) return undefined;
  if (text instanceof Date) {
    const year = text.getUTCFullYear();
    return Number.isNaN(year) || year < YEAR_RANGE.min || year > YEAR_RANGE.max ? undefined : year;
  }
  for (const match of text.matchAll(/(?<!\d)(\d{4})(?!\d)/g)) {
    const year = Number(match[1]);
    if (year >= YEAR_RANGE.min && year <= YEAR_RANGE.max) return year;
  }
  return undefined;
}
