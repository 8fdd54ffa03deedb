import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURE_LIBRARY = path.join(ROOT, 'test/fixtures/library');
export const SAMPLE_LIBRARY = path.join(ROOT, 'data/library');

/** A private copy of the fixture library in a temp folder, so a test can edit and delete files. */
export function copyFixtureLibrary(): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-library-'));
  fs.cpSync(FIXTURE_LIBRARY, dir, { recursive: true });
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
