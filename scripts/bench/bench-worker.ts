/** One benchmark on one database, in its own process; prints one JSON line. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runKnowledgeBench } from './knowledge-bench.js';

const [suite, target, chunks, queries] = process.argv.slice(2);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const url = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
const kind = target === 'postgres' ? 'postgres' : 'pglite';

if (suite === 'knowledge') {
  const result = await runKnowledgeBench({
    chunks: Number(chunks),
    queries: Number(queries),
    kind,
    url,
    libraryDir: path.join(ROOT, 'data/library'),
  });
  console.log(JSON.stringify({ suite, ...result }));
} else if (suite === 'slack') {
  const { runSlackBench } = await import('./slack-bench.js');
  console.log(JSON.stringify({ suite, ...(await runSlackBench({ kind, url })) }));
} else if (suite === 'answer') {
  const { runAnswerBench } = await import('./answer-bench.js');
  console.log(JSON.stringify({ suite, ...(await runAnswerBench({ kind, url, rounds: Number(queries) > 0 ? 3 : 1 })) }));
}
