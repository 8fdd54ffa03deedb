/**
 * `npm run bench -- load`: many users at once against the real server. Starts `startServer` in its own process (one
 * instance on the embedded database, or one or two on a fresh database of a native Postgres, to show that instances
 * scale out), seeds the sample library, and runs concurrent chat conversations from this process over loopback for a
 * bounded time (load-clients.ts): answers/s, latency percentiles, errors by kind and how fast an instance over its
 * cap answers 503. `npm run bench -- web` is the same run with 200 conversations on PGlite.
 *
 * The benchmark owns its servers and sets their settings: every visitor comes from 127.0.0.1, so the per-address
 * chat limit is lifted (WEB_CHATS_PER_ADDRESS_PER_MINUTE); MAX_ANSWERS_IN_PROGRESS is the server's default (32)
 * unless it is set in the environment. Answers are extractive with local
 * embeddings (no model, no network).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DEFAULT_MAX_ANSWERS_IN_PROGRESS } from '../../adapters/web/answers-in-progress.js';
import { redactUrl } from '../../knowledge/db/pg-db.js';
import { QUESTION_FILES } from '../../test/eval/question-sets.js';
import { loadQuestions } from '../../test/eval/evaluate-retrieval.js';
import { freePort } from '../lib/free-port.js';
import { UsageError } from '../../bin/lib/run-cli.js';
import { runConversations, summariseLoad, warmUp, type Balance, type LoadSummary } from './load-clients.js';
import type { ServerMessage, ServerRequest } from './load-bench-server.js';
import { peakRssMb } from './percentiles.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export interface LoadBenchOptions {
  database: 'pglite' | 'postgres';
  /** Instance counts to measure, in order, on one database (`[1, 2]`: the second phase adds an instance). */
  instances: number[];
  concurrent: number;
  seconds: number;
  /** A Postgres server URL (its database is not touched: the benchmark creates and drops its own). */
  url?: string;
  /** How the visitors spread requests over the instances (LOAD_BENCH_BALANCE). @default 'least-outstanding' */
  balance: Balance;
  /** Write a V8 CPU profile of each server's measured phase here (`.cpuprofile`, for Chrome DevTools or speedscope). */
  profileDir?: string;
}

/** The settings the benchmark gives its servers, beyond the database and port. */
const PER_ADDRESS_LIMIT = '1000000';

/** Reads the load benchmark's options from `npm run bench` arguments (`web` is 200 conversations on PGlite). */
export function loadBenchOptions(
  suite: 'load' | 'web',
  values: { database?: string; instances?: string; concurrent?: string; seconds?: string; profile?: string },
  env: Record<string, string | undefined> = process.env,
): LoadBenchOptions {
  const database = values.database ?? 'pglite';
  if (database !== 'pglite' && database !== 'postgres') throw new UsageError(`--database must be pglite or postgres, not "${database}"`);
  if (suite === 'web' && database !== 'pglite') throw new UsageError('the web benchmark runs on PGlite; use `load --database postgres` for Postgres');
  const url = env.DATABASE_URL?.trim() || env.TEST_DATABASE_URL?.trim() || undefined;
  if (database === 'postgres' && !url) throw new UsageError('--database postgres needs DATABASE_URL or TEST_DATABASE_URL (a Postgres server with pgvector)');
  const instances = (values.instances ?? (database === 'postgres' ? '1,2' : '1')).split(',').map((part) => wholeNumber('--instances', part, 1, 2));
  if (instances.some((count, index) => index > 0 && count <= instances[index - 1]!)) throw new UsageError('--instances must rise, e.g. 1,2');
  if (database === 'pglite' && instances.some((count) => count > 1)) {
    throw new UsageError('PGlite is held by one server process: --instances 1 (two instances need --database postgres)');
  }
  const concurrent = wholeNumber('--concurrent', values.concurrent ?? (suite === 'web' || database === 'pglite' ? '200' : '50'), 1, 2000);
  const seconds = wholeNumber('--seconds', values.seconds ?? '20', 1, 600);
  const balance = env.LOAD_BENCH_BALANCE?.trim() || 'least-outstanding';
  if (balance !== 'least-outstanding' && balance !== 'round-robin') throw new UsageError(`LOAD_BENCH_BALANCE must be least-outstanding or round-robin, not "${balance}"`);
  return { database, instances, concurrent, seconds, balance, ...(database === 'postgres' ? { url } : {}), ...(values.profile ? { profileDir: path.resolve(values.profile) } : {}) };
}

function wholeNumber(name: string, value: string, min: number, max: number): number {
  const number = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!(number >= min && number <= max)) throw new UsageError(`${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  return number;
}

/** The questions visitors ask: the original set and the tuning half of the natural set (never the held-back half). */
export function loadBenchQuestions(): string[] {
  return [...loadQuestions(QUESTION_FILES.original), ...loadQuestions(QUESTION_FILES['natural-tuning'])]
    // A request for a person hands the conversation to an adviser; the rest of it would not be answered by the bot.
    .filter((question) => question.kind !== 'human')
    .map((question) => question.question);
}

export interface LoadBenchResult {
  suite: 'load';
  database: string;
  concurrent: number;
  seconds: number;
  balance: Balance;
  /** What the benchmark set on its servers. */
  settings: Record<string, string>;
  questions: number;
  runs: Array<{ instances: number } & LoadSummary & CpuPerAnswer>;
  /** answers/s with the most instances ÷ with the fewest, in this run (robust to a busy machine). */
  scaleOut?: number;
  serverPeakRssMb: number[];
  clientPeakRssMb: number;
  /** 1-minute load average of the machine before and after. */
  loadAverage: { before: number; after: number };
  cores: number;
}

export async function runLoadBench(options: LoadBenchOptions): Promise<LoadBenchResult> {
  const loadBefore = os.loadavg()[0]!;
  const questions = loadBenchQuestions();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-bench-load-'));
  const database = options.database === 'postgres' ? await createBenchDatabase(options.url!) : undefined;
  const settings: Record<string, string> = {
    WEB_CHATS_PER_ADDRESS_PER_MINUTE: PER_ADDRESS_LIMIT,
    MAX_ANSWERS_IN_PROGRESS: process.env.MAX_ANSWERS_IN_PROGRESS?.trim() || String(DEFAULT_MAX_ANSWERS_IN_PROGRESS),
    LOG_LEVEL: 'silent',
    EMBEDDING_PROVIDER: 'local',
  };
  const servers: BenchServer[] = [];
  const runs: LoadBenchResult['runs'] = [];
  let serverPeakRssMb: number[] = [];
  try {
    for (const instances of options.instances) {
      while (servers.length < instances) {
        // One at a time: the first seeds the sample library, the others find it there.
        const server = await startBenchServer({
          ...settings,
          DATABASE_URL: database?.url ?? '',
          DATA_DIR: path.join(workDir, 'data'),
          DRAFTS_DIR: path.join(workDir, 'drafts'),
          HOST: '127.0.0.1',
          PORT: await freePort(),
        });
        servers.push(server);
        await warmUp(server.url, questions);
      }
      const cpuBefore = await cpuSnapshot(servers, database);
      if (options.profileDir) await Promise.all(servers.map((server) => server.ask({ type: 'profile-start' })));
      const { outcomes, elapsedMs } = await runConversations({
        urls: servers.map((server) => server.url),
        concurrent: options.concurrent,
        seconds: options.seconds,
        balance: options.balance,
        questions,
      });
      const cpuAfter = await cpuSnapshot(servers, database);
      if (options.profileDir) {
        fs.mkdirSync(options.profileDir, { recursive: true });
        await Promise.all(servers.map((server, index) => server.ask({ type: 'profile-stop', file: path.join(options.profileDir!, `load-${instances}-instances-server-${index + 1}.cpuprofile`) })));
      }
      const summary = summariseLoad(outcomes, elapsedMs, instances);
      runs.push({ instances, ...summary, ...cpuPerAnswer(cpuBefore, cpuAfter, summary.answered) });
    }
  } finally {
    serverPeakRssMb = await Promise.all(servers.map((server) => server.stop()));
    await database?.drop();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  const first = runs[0]!;
  const last = runs[runs.length - 1]!;
  return {
    suite: 'load',
    database: database ? `PostgreSQL (${database.description})` : 'PGlite (embedded)',
    concurrent: options.concurrent,
    seconds: options.seconds,
    balance: options.balance,
    settings,
    questions: questions.length,
    runs,
    ...(runs.length > 1 && first.answersPerSecond > 0 ? { scaleOut: Math.round((last.answersPerSecond / first.answersPerSecond) * 100) / 100 } : {}),
    serverPeakRssMb,
    clientPeakRssMb: peakRssMb(),
    loadAverage: { before: round2(loadBefore), after: round2(os.loadavg()[0]!) },
    cores: os.availableParallelism(),
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** A database of its own on the Postgres server, dropped afterwards (instances connect to it by URL, as in production). */
async function createBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `kc_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    description: redactUrl(url.toString()),
    backendPids: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [name]);
        return rows.map((row) => row.pid);
      } finally {
        await client.end();
      }
    },
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

interface BenchDatabase {
  url: string;
  description: string;
  /** Process ids of the server's backends connected to this database. */
  backendPids(): Promise<number[]>;
  drop(): Promise<void>;
}

interface BenchServer {
  url: string;
  /** Sends a request and waits for its answer. */
  ask(request: ServerRequest): Promise<ServerMessage>;
  /** Shuts the instance down; resolves with its peak RSS in MB (0 when it had to be killed). */
  stop(): Promise<number>;
}

/** CPU time per answer, ms: the server processes, this load generator, and (local Postgres) the database backends. */
export interface CpuPerAnswer {
  cpuMsPerAnswer: { servers: number; loadGenerator: number; database?: number };
}

interface CpuSnapshot {
  servers: number;
  loadGenerator: number;
  backends?: Map<number, number>;
}

async function cpuSnapshot(servers: BenchServer[], database?: BenchDatabase): Promise<CpuSnapshot> {
  const replies = await Promise.all(servers.map((server) => server.ask({ type: 'cpu' })));
  const usage = process.cpuUsage();
  return {
    servers: replies.reduce((sum, reply) => sum + (reply.type === 'cpu' ? reply.ms : 0), 0),
    loadGenerator: (usage.user + usage.system) / 1000,
    ...(database ? { backends: await backendCpu(database) } : {}),
  };
}

/**
 * CPU time of each of the database's backends from /proc, when the Postgres server runs on this machine (else
 * undefined). A backend that ends during the phase takes its time with it, so this is a lower bound.
 */
async function backendCpu(database: BenchDatabase): Promise<Map<number, number> | undefined> {
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(database.url).hostname)) return undefined;
  const times = new Map<number, number>();
  for (const pid of await database.backendPids()) {
    try {
      // Fields 14 and 15 (after the parenthesised command name) are user and system time in clock ticks (100/s).
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      times.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
    } catch {
      return undefined;
    }
  }
  return times;
}

function cpuPerAnswer(before: CpuSnapshot, after: CpuSnapshot, answered: number): CpuPerAnswer {
  const per = (ms: number) => (answered > 0 ? Math.round((ms / answered) * 10) / 10 : 0);
  let database: number | undefined;
  if (before.backends && after.backends) {
    database = 0;
    for (const [pid, ms] of after.backends) database += ms - (before.backends.get(pid) ?? 0);
  }
  return {
    cpuMsPerAnswer: {
      servers: per(after.servers - before.servers),
      loadGenerator: per(after.loadGenerator - before.loadGenerator),
      ...(database !== undefined ? { database: per(database) } : {}),
    },
  };
}

const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 30_000;

/** Forks load-bench-server.ts with exactly these settings (plus PATH, HOME and TMPDIR) and waits until it listens. */
async function startBenchServer(settings: Record<string, string>): Promise<BenchServer> {
  const env: Record<string, string> = { ...settings };
  for (const name of ['PATH', 'HOME', 'TMPDIR']) if (process.env[name]) env[name] = process.env[name]!;
  const child = fork(path.join(HERE, 'load-bench-server.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let timer: NodeJS.Timeout | undefined;
  const url = await new Promise<string>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`a benchmark server did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    child.on('message', (message: ServerMessage) => {
      if (message.type === 'listening') resolve(message.url);
      if (message.type === 'failed') reject(new Error(`a benchmark server could not start: ${message.message}`));
    });
    child.once('exit', (code) => reject(new Error(`a benchmark server exited while starting (exit ${code})`)));
    child.once('error', reject);
  }).catch((error: Error) => {
    child.kill('SIGKILL');
    throw error;
  }).finally(() => {
    clearTimeout(timer);
    child.removeAllListeners();
  });
  return {
    url,
    ask: (request) =>
      new Promise((resolve, reject) => {
        const answer = (message: ServerMessage) => {
          child.off('message', answer);
          resolve(message);
        };
        child.on('message', answer);
        child.send(request, (error) => error && reject(error));
      }),
    stop: () => stopBenchServer(child),
  };
}

function stopBenchServer(child: ChildProcess): Promise<number> {
  if (child.exitCode !== null) return Promise.resolve(0);
  return new Promise((resolve) => {
    let peak = 0;
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.on('message', (message: ServerMessage) => {
      if (message.type === 'stopped') peak = message.peakRssMb;
    });
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(peak);
    });
    child.send({ type: 'stop' } satisfies ServerRequest);
  });
}

/** The result as lines for a person. */
export function formatLoadResult(result: LoadBenchResult): string {
  const settings = Object.entries(result.settings).map(([name, value]) => `${name}=${value}`).join(', ');
  const lines = [
    `${result.database}: ${result.concurrent} concurrent conversations for ${result.seconds} s (${result.questions} eval questions, 3–5 per conversation), ${result.balance === 'round-robin' ? 'round-robin over the instances' : 'each request to the instance with the fewest in flight'}`,
    `  settings this benchmark gives its servers: ${settings} (every visitor is 127.0.0.1, so the per-address chat limit is lifted)`,
  ];
  for (const run of result.runs) {
    const errors = Object.entries(run.errors).map(([kind, count]) => `${kind} ${count}`).join(', ') || 'none';
    lines.push(
      `  ${run.instances} instance${run.instances === 1 ? '' : 's'}: ${run.answered} answers in ${run.seconds} s = ${run.answersPerSecond} answers/s` +
        ` (per instance ${run.answeredByInstance.join(' + ')}); latency p50 ${run.latency.p50} ms, p95 ${run.latency.p95} ms, p99 ${run.latency.p99} ms, max ${run.latency.max} ms`,
      `    errors: ${errors}${run.busy ? `; over capacity (503) answered in p50 ${run.busy.p50} ms, p95 ${run.busy.p95} ms, p99 ${run.busy.p99} ms, max ${run.busy.max} ms, with ${run.busy.inFlightThere.min}–${run.busy.inFlightThere.max} of this run's requests in flight there` : ''}`,
      ...(run.busy
        ? [
            `    503s from the request being sent (the server's share; the rest is this process connecting and writing its burst): p50 ${run.busy.afterSent.p50} ms, p95 ${run.busy.afterSent.p95} ms, p99 ${run.busy.afterSent.p99} ms, max ${run.busy.afterSent.max} ms`,
          ]
        : []),
      `    CPU per answer: servers ${run.cpuMsPerAnswer.servers} ms${run.cpuMsPerAnswer.database !== undefined ? `, Postgres backends ${run.cpuMsPerAnswer.database} ms` : ''}, load generator ${run.cpuMsPerAnswer.loadGenerator} ms`,
    );
  }
  if (result.scaleOut !== undefined) {
    lines.push(`  scale-out: ${result.runs.at(-1)!.instances} instances ÷ ${result.runs[0]!.instances}: ${result.scaleOut}× the answers/s in the same run`);
  }
  lines.push(
    `  peak RSS: servers ${result.serverPeakRssMb.join(', ')} MB, load generator ${result.clientPeakRssMb} MB; load average ${result.loadAverage.before} before, ${result.loadAverage.after} after (${result.cores} cores)`,
    ...targetLines(result),
    '',
  );
  return lines.join('\n');
}

/** The issue's targets where this run is their configuration. */
function targetLines(result: LoadBenchResult): string[] {
  const mark = (met: boolean) => (met ? 'met' : 'NOT met');
  const lines: string[] = [];
  for (const run of result.runs) {
    if (result.database.startsWith('PostgreSQL') && run.instances === 2 && result.concurrent === 50) {
      lines.push(
        `  target (Postgres, 2 instances, 50 concurrent): ≥ 60 answers/s ${mark(run.answersPerSecond >= 60)}, p99 ≤ 1 s ${mark(run.latency.p99 <= 1000)}, 0 errors ${mark(run.errorCount === 0)}`,
      );
    }
    if (result.database.startsWith('PGlite') && result.concurrent === 200) {
      const resets = run.errors.reset ?? 0;
      // Judged from the request being sent: a real visitor's browser does not wait for 199 others to be written.
      const busy = run.busy
        ? `over capacity → 503 within 100 ms of the request being sent ${mark(run.busy.afterSent.p95 <= 100)} (p95 ${run.busy.afterSent.p95} ms, max ${run.busy.afterSent.max} ms; from asking, this process's sending included: p95 ${run.busy.p95} ms, max ${run.busy.max} ms)`
        : 'no 503 in this run';
      lines.push(`  target (PGlite, 1 instance, 200 concurrent): no resets ${mark(resets === 0)}; ${busy}`);
    }
  }
  return lines;
}
