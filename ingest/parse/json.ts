/**
 * JSON exports of cases (.json): an array of objects, or { "cases": [...] } / { "documents": [...] }, or a
 * single object with a "title". Keys are the front-matter field names plus `description` for the body;
 * lists as arrays (';'-separated strings accepted), `contact` as an object (flat contact_* keys accepted).
 * Rows are numbered by their 0-based array index, so sourcePath is `file.json#0`, `file.json#1`, ….
 */
import { errorMessage } from './error-message.js';
import { showValue } from './field-checks.js';
import { type ParseOutcome, problemOutcome } from './parse-outcome.js';
import { EMPTY_FILE_MESSAGE } from './problem-messages.js';
import { RowCollector } from './row-collector.js';
import { rowToDocument } from './row-document.js';

/** Parses decoded JSON text (see decodeText): one document per good object, one problem per bad one. */
export function parseJson(text: string, relativePath: string): ParseOutcome {
  const problem = (message: string) => problemOutcome(relativePath, message);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return problem(`ugyldig JSON${jsonErrorPosition(text, error)}: ${errorMessage(error)}`);
  }

  const items = documentList(data);
  if (items === undefined) {
    return problem('JSON skal være en liste af objekter, eller et objekt med "cases" eller "documents" (en liste)');
  }
  if (items.length === 0) return problem(`${EMPTY_FILE_MESSAGE}: ingen dokumenter i JSON`);

  const collector = new RowCollector(relativePath);
  items.forEach((item, index) => {
    if (!isPlainObject(item)) {
      collector.problem(index, `must be an object with the document's fields (got ${showValue(item)})`);
      return;
    }
    collector.add(index, rowToDocument(item, { relativePath, rowNumber: index, format: 'json' }, 'field'));
  });
  return collector.outcome();
}

function documentList(data: unknown): unknown[] | undefined {
  if (Array.isArray(data)) return data;
  if (!isPlainObject(data)) return undefined;
  for (const key of ['cases', 'documents']) {
    const list = data[key];
    if (Array.isArray(list)) return list;
  }
  return 'title' in data ? [data] : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** " (linje 3, kolonne 7)" from V8's "… at position 42", or '' when the message has no position. */
function jsonErrorPosition(text: string, error: unknown): string {
  const match = /at position (\d+)/.exec(errorMessage(error));
  if (!match) return '';
  const before = text.slice(0, Number(match[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return ` (linje ${line}, kolonne ${column})`;
}
