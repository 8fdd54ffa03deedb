/**
 * A method's name: its document's title before " – " (titles read "Double Diamond – dobbeltdiamanten for …").
 * Ingest links cases to methods by it, and the method answer opens with it.
 */
export function methodName(title: string): string {
  return title.split(/\s+[–—-]\s+/u)[0]!.trim();
}
