/**
 * `npm run build [-- <outDir>]`: compiles the TypeScript with tsconfig.build.json into dist/ (or `outDir`), then copies
 * what the compiled code reads from beside itself at run time (the web and console pages, the SQL migrations, the
 * sample library), so `node dist/adapters/server.js` finds them at the same relative paths as
 * `tsx adapters/server.ts` does. Only the folders the build writes are replaced: dist/teams-app.zip
 * (`npm run teams:package`) stays.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.resolve(ROOT, process.argv[2] ?? 'dist');

/** The folders tsc writes (tsconfig.build.json's include, and test/eval, which bin/eval.ts imports). */
const COMPILED = ['config', 'observability', 'knowledge', 'ingest', 'bot', 'adapters', 'bin', 'test'];
/** Folders read at run time, relative to the project root (and to the output folder). */
const RUNTIME_ASSETS = ['adapters/web/public', 'adapters/console/public', 'bot/store/migrations', 'knowledge/migrations', 'data/library'];

for (const folder of [...COMPILED, 'data']) fs.rmSync(path.join(OUT, folder), { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', OUT], {
  cwd: ROOT,
  stdio: 'inherit',
});
if (tsc.status !== 0) {
  process.stderr.write('build: tsc failed (see above)\n');
  process.exit(1);
}
for (const asset of RUNTIME_ASSETS) {
  const from = path.join(ROOT, asset);
  if (!fs.existsSync(from)) throw new Error(`build: ${asset} is missing`);
  fs.cpSync(from, path.join(OUT, asset), { recursive: true });
}
// package.json beside the code: "type": "module" for node, and the version the Teams package reads.
fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(OUT, 'package.json'));
process.stdout.write(`build: ${path.relative(ROOT, OUT) || '.'} is ready; start it with npm run start:prod\n`);
