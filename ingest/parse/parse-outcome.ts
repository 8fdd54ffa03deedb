import type { LibraryDocument } from '../../knowledge/documents/library-document.js';

/**
 * One thing wrong with one input. `source` is the relative path, or `path#row` for a CSV/JSON row,
 * so an operator can find it; `message` says what is wrong and names the field when there is one.
 */
export interface ParseProblem {
  source: string;
  message: string;
}

/**
 * What parsing one file yields. A file can give documents and problems at once
 * (a CSV with one bad row still returns the good rows).
 */
export interface ParseOutcome {
  documents: LibraryDocument[];
  problems: ParseProblem[];
}

/** An outcome holding only one problem: the usual result for a file that cannot be used at all. */
export function problemOutcome(source: string, message: string): ParseOutcome {
  return { documents: [], problems: [{ source, message }] };
}

/** An outcome holding one document and no problems. */
export function documentOutcome(document: LibraryDocument): ParseOutcome {
  return { documents: [document], problems: [] };
}
