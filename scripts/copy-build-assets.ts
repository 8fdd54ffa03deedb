/**
 * The second half of `npm run build`: tsc compiles the TypeScript to dist/, this copies what the compiled code reads
 * from beside itself at run time (the web and console pages, the SQL migrations, the sample library), so
 * `node dist/adapters/server.js` finds them at the same relative paths as `tsx adapters/server.ts` does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.resolve(ROOT, process.argv[2] ?? 'dist');

/** Folders read at run time, relative to the project root (and to dist/). */
export const RUNTIME_ASSETS = ['adapters/web/public', 'adapters/console/public', 'bot/store/migrations', 'knowledge/migrations', 'data/library'];

for (const asset of RUNTIME_ASSETS) {
  const from = path.join(ROOT, asset);
  if (!fs.existsSync(from)) throw new Error(`build: ${asset} is missing`);
  fs.rmSync(path.join(OUT, asset), { recursive: true, force: true });
  fs.cpSync(from, path.join(OUT, asset), { recursive: true });
}
// package.json beside the code: "type": "module" for node, and the version the Teams package reads.
fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(OUT, 'package.json'));
process.stdout.write(`build: ${path.relative(ROOT, OUT) || '.'} is ready; start it with npm run start:prod\n`);
