/**
 * Starts the server as a program of its own (`tsx adapters/server.ts` as `npm start` does, or the compiled
 * `node dist/adapters/server.js`), for tests of what only a real process shows (signals, exit codes, the build) and
 * for the start-up benchmark: its output kept, readiness polled on `/readyz`, its exit awaited.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';

/** The project's root folder. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** What `npm start` runs (tsx's command line, which runs the server in a child process of its own). */
export const TSX_SERVER = [path.join(PROJECT_ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(PROJECT_ROOT, 'adapters/server.ts')];

/** What `npm run start:prod` runs, for a build in `outDir`. */
export const compiledServer = (outDir = path.join(PROJECT_ROOT, 'dist')) => [path.join(outDir, 'adapters/server.js')];

export interface SpawnedServer {
  child: ChildProcess;
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  baseUrl: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves once its output matches `pattern`; rejects if it exits first or after `timeoutMs`. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the milliseconds from spawn to the first 200 from `/readyz`; rejects if it exits first. */
  ready(timeoutMs?: number): Promise<number>;
  /** Its exit code and signal, once it has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL if it still runs, then waits for the exit. */
  kill(): Promise<void>;
}

export interface SpawnServerOptions {
  /** Arguments to `node`: {@link TSX_SERVER} or {@link compiledServer}. */
  args: string[];
  /** Settings; PORT (a free one) and HOST (127.0.0.1) are added unless given. PATH, HOME and TMPDIR are passed on. */
  env: Record<string, string>;
}

/** Spawns the server. Kill it (or let it exit) when done. */
export async function spawnServer(options: SpawnServerOptions): Promise<SpawnedServer> {
  const env: Record<string, string> = { HOST: '127.0.0.1', PORT: await freePort(), ...options.env };
  for (const name of ['PATH', 'HOME', 'TMPDIR']) if (process.env[name] && env[name] === undefined) env[name] = process.env[name]!;
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, options.args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  let hasExited = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      hasExited = true;
      for (const listener of listeners) listener();
      resolve({ code, signal });
    });
  });
  const baseUrl = `http://127.0.0.1:${env.PORT}`;

  return {
    child,
    baseUrl,
    output: () => output,
    exited,
    waitForOutput(pattern, timeoutMs = 120_000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`no output matching ${pattern} within ${timeoutMs} ms:\n${output}`)), timeoutMs);
        const check = () => {
          if (pattern.test(output)) finish();
          else if (hasExited) finish(new Error(`the server exited before its output matched ${pattern}:\n${output}`));
        };
        function finish(error?: Error) {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolve();
        }
        listeners.add(check);
        check();
      });
    },
    async ready(timeoutMs = 180_000) {
      const until = performance.now() + timeoutMs;
      while (performance.now() < until) {
        if (hasExited) throw new Error(`the server exited before it was ready:\n${output}`);
        const status = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(5_000) }).then(
          (response) => (response.body?.cancel(), response.status),
          () => 0,
        );
        if (status === 200) return performance.now() - spawnedAt;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`the server was not ready within ${timeoutMs} ms:\n${output}`);
    },
    async kill() {
      if (!hasExited) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** The resident set size of `pid` and of every process below it, in MB (Linux: /proc), by process. */
export function processTreeRssMb(pid: number): { total: number; processes: Array<{ pid: number; rssMb: number }> } {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const processes: Array<{ pid: number; rssMb: number }> = [];
  const visit = (id: number) => {
    try {
      const status = fs.readFileSync(`/proc/${id}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      processes.push({ pid: id, rssMb: Math.round((kb / 1024) * 10) / 10 });
    } catch {
      return;
    }
    for (const child of children.get(id) ?? []) visit(child);
  };
  visit(pid);
  return { total: Math.round(processes.reduce((sum, process) => sum + process.rssMb, 0) * 10) / 10, processes };
}
