import path from 'node:path';
import { slugify } from './slugify.js';

/** The file name without directory and extension ("cases/Æble Projekt.md" → "Æble Projekt"). */
export function fileStem(relativePath: string): string {
  const base = path.posix.basename(relativePath.replace(/\\/g, '/'));
  const ext = path.posix.extname(base);
  return ext && ext !== base ? base.slice(0, -ext.length) : base;
}

/**
 * The library's default id for a file: its stem, slugified ("Æble Projekt.md" → "aeble-projekt").
 * Falls back to "document" for a stem with no usable characters, so an id is never empty.
 */
export function defaultIdForPath(relativePath: string): string {
  return slugify(fileStem(relativePath)) || 'document';
}
