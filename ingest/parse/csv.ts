/**
 * CSV exports of cases (.csv): a header row with the front-matter field names (plus `description` for the
 * body and contact_name/contact_role/contact_email/contact_phone), one case per row. List columns
 * (innovation_type, methods, tags) separate values with ';'. Empty cells are absent. The delimiter (',' or
 * ';' or tab) is detected from the header; header names are matched case-insensitively, with spaces and '-'
 * read as '_' ("Organisation Type" → organisation_type). Rows are numbered by their line in the file.
 */
import { parse } from 'csv-parse/sync';
import { detectCsvDelimiter } from './detect-csv-delimiter.js';
import { errorMessage } from './error-message.js';
import { type ParseOutcome, problemOutcome } from './parse-outcome.js';
import { EMPTY_FILE_MESSAGE } from './problem-messages.js';
import { RowCollector } from './row-collector.js';
import { rowToDocument } from './row-document.js';

interface CsvRecord {
  record: string[];
  raw: string;
  info: { lines: number };
}

/**
 * Parses decoded CSV text (see decodeText) into one document per good row and one problem per bad row;
 * file-level defects (unreadable CSV, missing columns, duplicate columns, no rows) give a single problem.
 */
export function parseCsv(text: string, relativePath: string): ParseOutcome {
  const problem = (message: string) => problemOutcome(relativePath, message);
  const headerLine = text.split('\n').find((line) => line.trim() !== '') ?? '';

  let records: CsvRecord[];
  try {
    records = parse(text, {
      delimiter: detectCsvDelimiter(headerLine),
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      raw: true,
    }) as CsvRecord[];
  } catch (error) {
    const lines = (error as { lines?: unknown } | null)?.lines;
    const line = typeof lines === 'number' ? ` (linje ${lines})` : '';
    return problem(`ugyldig CSV${line}: ${errorMessage(error)}`);
  }

  const [header, ...rows] = records;
  if (header === undefined) return problem(EMPTY_FILE_MESSAGE);
  const columns = header.record.map(normaliseColumn);

  const duplicates = columns.filter((column, index) => column !== '' && columns.indexOf(column) !== index);
  if (duplicates.length > 0) return problem(`CSV har samme kolonne flere gange: ${[...new Set(duplicates)].join(', ')}`);
  const required = ['title', 'description', ...(columns.includes('type') ? [] : ['organisation'])];
  const missing = required.filter((column) => !columns.includes(column));
  if (missing.length > 0) {
    return problem(`CSV mangler kolonner: ${missing.join(', ')} (fandt: ${columns.filter(Boolean).join(', ') || 'ingen'})`);
  }
  if (rows.length === 0) return problem(`${EMPTY_FILE_MESSAGE}: kun overskriftslinjen, ingen rækker`);

  const collector = new RowCollector(relativePath);
  for (const row of rows) {
    const line = firstLineOf(row);
    const cells = row.record;
    if (cells.every((cell) => cell.trim() === '')) continue; // Excel's ";;;;" filler rows
    const extra = cells.slice(columns.length);
    if (cells.length < columns.length || extra.some((cell) => cell.trim() !== '')) {
      collector.problem(line, `linje ${line} har ${cells.length} felter, men overskriften har ${columns.length}`);
      continue;
    }
    const fields: Record<string, unknown> = {};
    columns.forEach((column, index) => {
      const value = cells[index]?.trim() ?? '';
      if (column !== '' && value !== '') fields[column] = value;
    });
    collector.add(line, rowToDocument(fields, { relativePath, rowNumber: line, format: 'csv' }, 'column'));
  }
  return collector.outcome();
}

/** "Organisation Type" → "organisation_type"; "Title" → "title". */
function normaliseColumn(name: string): string {
  return name.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** csv-parse reports the line a record ends on; a quoted cell may span lines, so count back to its first line. */
function firstLineOf(row: CsvRecord): number {
  const content = row.raw.replace(/^(?:\r?\n)+/, '').replace(/\r?\n$/, '');
  return row.info.lines - (content.match(/\n/g)?.length ?? 0);
}
