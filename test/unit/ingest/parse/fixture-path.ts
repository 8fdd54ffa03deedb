import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of a file in test/fixtures/documents. */
export function fixturePath(name: string): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/documents', name);
}
