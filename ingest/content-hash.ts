import { createHash } from 'node:crypto';
import type { LibraryDocument } from '../knowledge/documents/library-document.js';

/**
 * Bump when chunking or derived text changes, so every document is re-chunked on the next ingest even though its
 * file did not change.
 */
export const PIPELINE_VERSION = 3;

/** Stable hash of everything that determines a document's stored rows (metadata, body, source, pipeline). */
export function contentHash(doc: LibraryDocument): string {
  const canonical = JSON.stringify({ v: PIPELINE_VERSION, doc: sortKeys(doc) });
  return createHash('sha256').update(canonical).digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, entry]) => entry !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, entry]) => [key, sortKeys(entry)]),
    );
  }
  return value;
}
