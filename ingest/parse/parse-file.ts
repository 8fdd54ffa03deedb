import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage } from './error-message.js';
import { formatForPath } from './format-for-path.js';
import { parseBuffer } from './parse-buffer.js';
import { type ParseOutcome, problemOutcome } from './parse-outcome.js';

/**
 * Reads and parses one library file. `relativePath` (relative to the ingest root, '/'-separated) is what
 * documents and problems are labelled with; `absolutePath` is only used to read. Never throws: a file that
 * cannot be read, or whose extension is not a library format, yields one problem.
 */
export async function parseFile(absolutePath: string, relativePath: string): Promise<ParseOutcome> {
  const format = formatForPath(relativePath) ?? formatForPath(absolutePath);
  if (format === undefined) {
    const extension = path.extname(relativePath) || '(ingen)';
    return problemOutcome(relativePath, `ikke en biblioteksfil: ukendt filtype ${extension}`);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(absolutePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    return problemOutcome(relativePath, `kunne ikke læse filen${code ? ` (${code})` : ''}: ${errorMessage(error)}`);
  }
  return parseBuffer(bytes, relativePath, format);
}
