/**
 * `npm run bench [-- knowledge] [--chunks 10000] [--queries 200] [--json]`; `npm run bench -- load [--database
 * pglite|postgres] [--instances 1|2|1,2] [--concurrent N] [--seconds S] [--profile dir]` (concurrent chat conversations
 * against real server processes, see load-bench.ts; `web` is `load` with 200 conversations on PGlite); `npm run bench -- insight
 * [--messages 100000]` (the console's insight API on that many messages); `npm run bench -- stream [--questions 50]`
 * (time to the first answer text per channel with a model writing 20 tokens a second, see stream-bench.ts);
 * `npm run bench -- startup [--rounds 3]` (npm start against npm run start:prod, see startup-bench.ts).
 * Runs on PGlite, and on native Postgres too when DATABASE_URL or TEST_DATABASE_URL is set. Each database runs in its
 * own child process so peak RSS is measured per database.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runCli, UsageError } from '../../bin/lib/run-cli.js';
import { formatInsightBench } from './insight-bench.js';
import { formatLoadResult, loadBenchOptions, runLoadBench } from './load-bench.js';
import { formatSlackBench } from './slack-bench.js';
import { formatStartupBench, runStartupBench } from './startup-bench.js';
import { formatStreamBench, runStreamBench } from './stream-bench.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SUITES = ['knowledge', 'answer', 'slack', 'load', 'web', 'insight', 'stream', 'startup'] as const;

runCli(async () => {
  const { values, positionals } = parseArgs({
    options: {
      chunks: { type: 'string' },
      queries: { type: 'string' },
      concurrent: { type: 'string' },
      messages: { type: 'string' },
      questions: { type: 'string' },
      rounds: { type: 'string' },
      database: { type: 'string' },
      instances: { type: 'string' },
      seconds: { type: 'string' },
      profile: { type: 'string' },
      json: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  const suite = (positionals[0] ?? 'knowledge') as (typeof SUITES)[number];
  if (!SUITES.includes(suite)) throw new UsageError(`unknown benchmark "${suite}"; choose one of ${SUITES.join(', ')}`);
  if (suite === 'load' || suite === 'web') {
    // This process is the load generator; the servers run in processes of their own.
    const result = await runLoadBench(loadBenchOptions(suite, values));
    console.log(values.json ? JSON.stringify([result]) : formatLoadResult(result));
    return 0;
  }
  if (suite === 'stream') {
    // The probes start real servers on embedded databases of their own; the measured client is this process.
    const questions = Number(values.questions ?? '50');
    if (!Number.isInteger(questions) || questions < 1) throw new UsageError('--questions must be a whole number of at least 1');
    const result = await runStreamBench({ questions, tokensPerSecond: 20 });
    console.log(values.json ? JSON.stringify([result]) : formatStreamBench(result));
    return 0;
  }
  if (suite === 'startup') {
    // The servers are processes of their own (tsx and the compiled dist/); this process only times them.
    const rounds = Number(values.rounds ?? '3');
    if (!Number.isInteger(rounds) || rounds < 1) throw new UsageError('--rounds must be a whole number of at least 1');
    const result = await runStartupBench(rounds);
    console.log(values.json ? JSON.stringify([result]) : formatStartupBench(result));
    return 0;
  }
  const url = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
  const targets: string[] = ['pglite', ...(url ? ['postgres'] : [])];
  const results: unknown[] = [];
  for (const target of targets) {
    // The insight page's API on 100,000 messages runs its own worker (insight-bench.ts <target> <messages>).
    const workerArgs = suite === 'insight' ? [path.join(HERE, 'insight-bench.ts'), target, values.messages ?? '100000'] : undefined;
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', ...(workerArgs ?? [path.join(HERE, 'bench-worker.ts'), suite, target, values.chunks ?? '10000', values.queries ?? '200'])],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: process.env },
    );
    if (child.status !== 0) throw new Error(`${suite} benchmark on ${target} failed (exit ${child.status})`);
    const result = JSON.parse(child.stdout.trim().split('\n').pop()!);
    results.push(result);
    if (!values.json) console.log(formatResult(result));
  }
  if (values.json) console.log(JSON.stringify(results));
  return 0;
});

function formatResult(result: Record<string, any>): string {
  if (result.suite === 'slack') return formatSlackBench(result as never);
  if (result.suite === 'insight') return formatInsightBench(result as never);
  if (result.suite === 'answer') {
    return `${result.database}\n  questions: ${result.questions} (x${result.rounds})\n  answer latency: p50 ${result.latency.p50} ms, p95 ${result.latency.p95} ms, p99 ${result.latency.p99} ms\n  peak RSS: ${result.peakRssMb} MB\n`;
  }
  return [
    `${result.database}`,
    `  library: ${result.documents} documents, ${result.chunks} chunks`,
    `  ingest: ${result.ingestSeconds} s, ${result.chunksPerSecond} chunks/s`,
    `  search (hybrid, ${result.search.queries} queries): p50 ${result.search.p50} ms, p95 ${result.search.p95} ms, p99 ${result.search.p99} ms`,
    `  floor (same run, k ${result.floor.k}): HNSW top-k alone p95 ${result.floor.hnsw.p95} ms, full-text match alone p95 ${result.floor.fullText.p95} ms`,
    `  hybrid p95 ÷ (HNSW p95 + full-text p95): ${result.hybridOverFloor}`,
    `  peak RSS: ${result.peakRssMb} MB`,
    `  load average (1, 5, 15 min): ${result.loadAverage.join(', ')}`,
    '',
  ].join('\n');
}
