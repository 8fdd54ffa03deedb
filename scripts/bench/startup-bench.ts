/**
 * `npm run bench -- startup [--rounds 3]`: `npm start` (tsx, compiling TypeScript as it loads) against
 * `npm run start:prod` (node on the compiled dist/, built first if missing), started alternately on the same seeded
 * DATA_DIR: milliseconds from spawn to the first 200 from /readyz, and the resident memory of the whole process tree
 * (tsx runs the server in a child process of its own) once ready and after one answered question. Medians per
 * start-up kind and their ratio, measured in one run (absolute times on these shared machines are noisy).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { compiledServer, PROJECT_ROOT, processTreeRssMb, spawnServer, TSX_SERVER } from '../lib/spawn-server.js';
import { seededDataDir } from '../../test/support/seeded-data-dir.js';

export interface StartupSample {
  kind: 'tsx' | 'node';
  readyMs: number;
  rssReadyMb: number;
  rssAfterAnswerMb: number;
}

export interface StartupBenchResult {
  suite: 'startup';
  rounds: number;
  samples: StartupSample[];
  median: Record<'tsx' | 'node', { readyMs: number; rssReadyMb: number; rssAfterAnswerMb: number }>;
  /** node ÷ tsx, from the medians. */
  ratio: { readyMs: number; rssAfterAnswerMb: number };
}

const QUESTION = 'Hvilke kommuner har arbejdet med hverdagsrehabilitering?';

export async function runStartupBench(rounds = 3): Promise<StartupBenchResult> {
  if (!fs.existsSync(path.join(PROJECT_ROOT, 'dist/adapters/server.js'))) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (build.status !== 0) throw new Error('startup bench: npm run build failed');
  }
  const data = await seededDataDir('kc-startup-bench-');
  const samples: StartupSample[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      // Alternate the order so neither kind always gets the warmer file cache.
      const kinds: Array<'tsx' | 'node'> = round % 2 === 0 ? ['tsx', 'node'] : ['node', 'tsx'];
      for (const kind of kinds) samples.push(await measure(kind, data.dataDir));
    }
  } finally {
    data.remove();
  }
  const median = { tsx: medians(samples.filter((s) => s.kind === 'tsx')), node: medians(samples.filter((s) => s.kind === 'node')) };
  return {
    suite: 'startup',
    rounds,
    samples,
    median,
    ratio: {
      readyMs: round2(median.node.readyMs / median.tsx.readyMs),
      rssAfterAnswerMb: round2(median.node.rssAfterAnswerMb / median.tsx.rssAfterAnswerMb),
    },
  };
}

async function measure(kind: 'tsx' | 'node', dataDir: string): Promise<StartupSample> {
  const server = await spawnServer({
    args: kind === 'tsx' ? TSX_SERVER : compiledServer(),
    env: { DATA_DIR: dataDir, LOG_LEVEL: 'warn', EMBEDDING_PROVIDER: 'local' },
  });
  try {
    const readyMs = await server.ready();
    const rssReadyMb = processTreeRssMb(server.child.pid!).total;
    const answer = await fetch(`${server.baseUrl}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: QUESTION }),
    });
    if (!answer.ok) throw new Error(`startup bench: the question got ${answer.status}: ${await answer.text()}`);
    await answer.body?.cancel();
    const rssAfterAnswerMb = processTreeRssMb(server.child.pid!).total;
    return { kind, readyMs: Math.round(readyMs), rssReadyMb, rssAfterAnswerMb };
  } finally {
    server.child.kill('SIGTERM');
    await Promise.race([server.exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    await server.kill();
  }
}

function medians(samples: StartupSample[]) {
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  };
  return {
    readyMs: Math.round(median(samples.map((s) => s.readyMs))),
    rssReadyMb: round2(median(samples.map((s) => s.rssReadyMb))),
    rssAfterAnswerMb: round2(median(samples.map((s) => s.rssAfterAnswerMb))),
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;

export function formatStartupBench(result: StartupBenchResult): string {
  const line = (kind: 'tsx' | 'node', label: string) =>
    `  ${label.padEnd(28)} ready ${String(result.median[kind].readyMs).padStart(6)} ms   RSS ready ${result.median[kind].rssReadyMb} MB, after an answer ${result.median[kind].rssAfterAnswerMb} MB`;
  return [
    `startup (median of ${result.rounds} starts each, same seeded DATA_DIR)`,
    line('tsx', 'npm start (tsx)'),
    line('node', 'npm run start:prod (node)'),
    `  node ÷ tsx: time to ready ${result.ratio.readyMs}, RSS after an answer ${result.ratio.rssAfterAnswerMb}`,
  ].join('\n');
}
