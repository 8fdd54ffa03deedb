import type { LibraryDocument } from '../../knowledge/documents/library-document.js';
import type { ParseOutcome, ParseProblem } from './parse-outcome.js';
import type { RowResult } from './row-document.js';

/**
 * Gathers the documents and problems of a CSV/JSON file row by row. A bad row becomes a problem with
 * source `<relativePath>#<rowNumber>` and does not stop the others. Two rows with the same id would
 * overwrite each other in the store, so the later one is refused, naming the first.
 */
export class RowCollector {
  private readonly documents: LibraryDocument[] = [];
  private readonly problems: ParseProblem[] = [];
  private readonly rowById = new Map<string, number>();

  constructor(private readonly relativePath: string) {}

  /** Records the result of converting the row at `rowNumber`. */
  add(rowNumber: number, result: RowResult): void {
    if (!result.ok) return this.problem(rowNumber, result.message);
    const first = this.rowById.get(result.document.id);
    if (first !== undefined) {
      return this.problem(rowNumber, `duplicate id "${result.document.id}" (already used by row ${first}); give the row its own id`);
    }
    this.rowById.set(result.document.id, rowNumber);
    this.documents.push(result.document);
  }

  /** Records a problem with one row. */
  problem(rowNumber: number, message: string): void {
    this.problems.push({ source: `${this.relativePath}#${rowNumber}`, message });
  }

  outcome(): ParseOutcome {
    return { documents: [...this.documents], problems: [...this.problems] };
  }
}
