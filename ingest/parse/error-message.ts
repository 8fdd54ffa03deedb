/**
 * The first line of a thrown value's message, for problem messages: libraries throw Errors, strings,
 * or odd objects, and some messages carry multi-line dumps that do not belong in an ingest report.
 */
export function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
  return firstLine || (error instanceof Error ? error.name : 'ukendt fejl');
}
