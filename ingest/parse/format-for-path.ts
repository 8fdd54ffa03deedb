import path from 'node:path';
import type { SourceFormat } from '../../knowledge/documents/library-document.js';

const FORMAT_BY_EXTENSION: Readonly<Record<string, SourceFormat>> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.html': 'html',
  '.htm': 'html',
  '.txt': 'text',
  '.csv': 'csv',
  '.json': 'json',
};

/**
 * The library format of a file, by extension (case-insensitive), or undefined when it is not a library
 * file and should be listed as skipped. Hidden files and office/macOS debris (".x", "~$x.docx" Word lock
 * files, "._x.pdf" resource forks) are never library files, whatever their extension.
 */
export function formatForPath(filePath: string): SourceFormat | undefined {
  const name = path.basename(filePath.replace(/\\/g, '/'));
  if (name.startsWith('.') || name.startsWith('~$')) return undefined;
  return FORMAT_BY_EXTENSION[path.extname(name).toLowerCase()];
}
