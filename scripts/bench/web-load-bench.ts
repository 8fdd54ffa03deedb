/**
 * Two bounded bursts of concurrent web chats against the real server (`startServer` on 127.0.0.1, embedded database
 * with the sample library): how many are answered, limited (429), turned away (503 + Retry-After) or lost to a
 * connection reset, and the latency of the answered ones. Loopback only; it stops by itself.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../../adapters/server.js';
import { freePort } from '../lib/free-port.js';
import { peakRssMb, summarise } from './percentiles.js';

const QUESTIONS = [
  'Hvem har arbejdet med hverdagsrehabilitering?',
  'Hvordan kommer vi i gang med design thinking?',
  'Hvilke regioner har prøvet velfærdsteknologi?',
];
/** A request still open after this is counted as timed out (the burst must end by itself). */
const REQUEST_TIMEOUT_MS = 60_000;
const KEEP_ALIVE_PAUSE_MS = 5_000;

interface Outcome {
  status: number | string;
  ms: number;
}

export async function runWebLoadBench(options: { concurrent: number }) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-bench-web-'));
  const server = await startServer({
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    OPENAI_API_KEY: '',
    HOST: '127.0.0.1',
    PORT: await freePort(),
    LOG_LEVEL: 'silent',
    DRAFTS_DIR: path.join(dataDir, 'drafts'),
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrent });
  try {
    const { port } = new URL(server.url);
    // Each client asks twice on its kept-alive connection, the second time after a pause as long as Node's default
    // keep-alive timeout (5 s): where the server closes idle connections that soon, the second request races the close.
    const client = async (index: number) => {
      const first = await chat(agent, Number(port), index);
      await new Promise((resolve) => setTimeout(resolve, KEEP_ALIVE_PAUSE_MS));
      return [first, await chat(agent, Number(port), index + 1)];
    };
    const outcomes = (await Promise.all(Array.from({ length: options.concurrent }, (_, index) => client(index)))).flat();
    const counts: Record<string, number> = {};
    for (const outcome of outcomes) counts[String(outcome.status)] = (counts[String(outcome.status)] ?? 0) + 1;
    const answered = summarise(outcomes.filter((outcome) => outcome.status === 200).map((outcome) => outcome.ms));
    const round = (value: number) => Math.round(value);
    return {
      database: server.runtime.knowledge.db.description,
      concurrent: options.concurrent,
      requests: outcomes.length,
      counts,
      resets: outcomes.filter((outcome) => typeof outcome.status === 'string').length,
      answered: { p50: round(answered.p50), p99: round(answered.p99) },
      peakRssMb: peakRssMb(),
    };
  } finally {
    agent.destroy();
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function chat(agent: http.Agent, port: number, index: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    const body = JSON.stringify({ text: QUESTIONS[index % QUESTIONS.length] });
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/chat',
        method: 'POST',
        agent,
        timeout: REQUEST_TIMEOUT_MS,
        // One browser each (its own anonymous cookie), all from one address: the per-address limit applies.
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), cookie: `kc_uid=${crypto.randomUUID()}` },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, ms: performance.now() - started }));
      },
    );
    request.on('timeout', () => request.destroy(Object.assign(new Error('timed out'), { code: 'TIMEOUT' })));
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ status: error.code ?? 'error', ms: performance.now() - started }));
    request.end(body);
  });
}
