/**
 * Slack channel load: 50 concurrent signed `app_mention` events (plus Slack-style retries of a few of them) fired at
 * the real Bolt app over HTTP, with a fake engine that takes a realistic moment to answer, then writes it a few words
 * at a time (streamed into the thread), and the fake Slack Web API. Reports the ack latency (HTTP response to Slack,
 * which must come within 3 s; target p99 ≤ 200 ms) and the time from event to the answer's first text in the thread
 * (chat.startStream, or chat.postMessage where an answer is posted whole), and checks that no retry produced a second
 * answer and that no answer started before its event was acknowledged.
 *
 * `tsx scripts/bench/slack-bench.ts [events] [engineDelayMs]` runs it on its own and prints JSON.
 */
import { fork } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FAKE_BOT, startFakeSlackApi, type FakeSlackApi, type RecordedCall } from '../../test/fakes/fake-slack-api.js';
import { peakRssMb, summarise } from './percentiles.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SECRET = 'bench-signing-secret';

/** Options for {@link runSlackBench}. */
export interface SlackBenchOptions {
  /** Concurrent events. @default 50 */
  events?: number;
  /** How long the fake engine takes per answer. @default 150 */
  engineDelayMs?: number;
  /** Events also re-sent as Slack retries (X-Slack-Retry-Num: 1). @default 10 */
  retries?: number;
  /** Where processed_events lives: in-memory PGlite, or a fresh schema on `url`. @default 'pglite' */
  kind?: 'pglite' | 'postgres';
  url?: string;
}

/** What {@link runSlackBench} measured (milliseconds). */
export interface SlackBenchResult {
  database: string;
  events: number;
  engineDelayMs: number;
  /** As the sender saw it: request sent → response received (includes the sender's and the machine's load). */
  ack: ReturnType<typeof summarise>;
  /** The same burst against a bare HTTP server in the app's process: the floor the machine and sender impose. */
  baselineAck: ReturnType<typeof summarise>;
  /** Inside the app: request received → acknowledgement finished. */
  serverAck: ReturnType<typeof summarise>;
  /** Event sent → the answer's first text at the (fake) Slack API (its stream started, or the whole answer posted). */
  answer: ReturnType<typeof summarise>;
  answersPosted: number;
  /** Of those, streamed (chat.startStream) rather than posted whole. */
  answersStreamed: number;
  duplicateAnswers: number;
  /** Answers whose first text reached Slack before their event's acknowledgement did (must be 0). */
  answersBeforeAck: number;
  non200: number;
  /** Of the load generator's process (the app runs in a child). */
  peakRssMb: number;
}

/**
 * Runs the benchmark once and returns its figures.
 *
 * @example
 * const result = await runSlackBench({ events: 50 });
 * console.log(`ack p99 ${result.ack.p99} ms, answer p50 ${result.answer.p50} ms`);
 */
export async function runSlackBench(options: SlackBenchOptions = {}): Promise<SlackBenchResult> {
  const events = options.events ?? 50;
  const engineDelayMs = options.engineDelayMs ?? 150;
  const retries = Math.min(options.retries ?? 10, events);
  const fake = await startFakeSlackApi();
  // The app runs in its own process, as in production: the load generator and fake Slack API don't share its loop.
  const child = fork(path.join(HERE, 'slack-bench-app.ts'), [fake.url, String(engineDelayMs), SECRET, options.kind === 'postgres' ? (options.url ?? '') : ''], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { url, baselineUrl, database } = await new Promise<{ url: string; baselineUrl: string; database: string }>((resolve, reject) => {
    child.once('message', (message) => resolve(message as { url: string; baselineUrl: string; database: string }));
    child.once('exit', (code) => reject(new Error(`the Slack bench app exited early (code ${code})`)));
  });

  try {
    const run = randomBytes(3).toString('hex');
    const send = async (index: number, retryNum = 0, target = url) => {
      const ts = `17${String(index).padStart(8, '0')}.000100`;
      const body = JSON.stringify({
        type: 'event_callback', team_id: FAKE_BOT.teamId, api_app_id: 'A1', event_id: `Ev${run}${index}`, event_time: Math.floor(Date.now() / 1000),
        event: { type: 'app_mention', user: `U${index}`, channel: 'CBENCH', ts, text: `<@${FAKE_BOT.userId}> hvem har arbejdet med velfærdsteknologi?` },
        authorizations: [{ team_id: FAKE_BOT.teamId, user_id: FAKE_BOT.userId, is_bot: true, is_enterprise_install: false }],
      });
      const stamp = Math.floor(Date.now() / 1000);
      const headers: Record<string, string> = {
        'content-type': 'application/json', 'x-slack-request-timestamp': String(stamp),
        'x-slack-signature': `v0=${createHmac('sha256', SECRET).update(`v0:${stamp}:${body}`).digest('hex')}`,
        ...(retryNum ? { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' } : {}),
      };
      const started = performance.now();
      const startedAt = Date.now();
      const response = await fetch(target, { method: 'POST', body, headers });
      await response.arrayBuffer();
      return { ts, status: response.status, ackMs: performance.now() - started, startedAt };
    };

    const serverAckMs = async () => {
      const reply = new Promise<number[]>((resolve) => child.once('message', (message) => resolve((message as { ackMs: number[] }).ackMs)));
      child.send('stats');
      return reply;
    };
    // Warm-up (JIT, pools), not measured.
    const warm = await send(events + 1);
    await answerStarts(fake, 1, 30_000, [warm.ts]);
    fake.reset();
    await serverAckMs();
    const baseline = await Promise.all(Array.from({ length: events + retries }, (_, index) => send(index, 0, baselineUrl)));

    const sent = await Promise.all(Array.from({ length: events }, (_, index) => send(index)));
    const retried = await Promise.all(Array.from({ length: retries }, (_, index) => send(index, 1)));
    await answerStarts(fake, events, 60_000, sent.map((event) => event.ts));
    await new Promise((resolve) => setTimeout(resolve, engineDelayMs + 1_500)); // let any duplicate surface, streams end

    const starts = answerStartCalls(fake);
    const firstPost = new Map<string, number>();
    for (const start of starts) if (!firstPost.has(start.args.thread_ts)) firstPost.set(start.args.thread_ts, start.at);
    const answerMs = sent.filter((event) => firstPost.has(event.ts)).map((event) => firstPost.get(event.ts)! - event.startedAt);
    const ackedAt = new Map(sent.map((event) => [event.ts, event.startedAt + event.ackMs]));
    // `at` is whole milliseconds; the ack time is not: a millisecond's grace.
    const beforeAck = [...firstPost].filter(([ts, at]) => at + 1 < (ackedAt.get(ts) ?? Number.POSITIVE_INFINITY)).length;
    const all = [...sent, ...retried];
    return {
      database,
      events,
      engineDelayMs,
      ack: round(summarise(all.map((event) => event.ackMs))),
      baselineAck: round(summarise(baseline.map((event) => event.ackMs))),
      serverAck: round(summarise(await serverAckMs()), 1),
      answer: round(summarise(answerMs)),
      answersPosted: firstPost.size,
      answersStreamed: fake.callsTo('chat.startStream').filter((call) => call.response).length,
      duplicateAnswers: starts.length - firstPost.size,
      answersBeforeAck: beforeAck,
      non200: all.filter((event) => event.status !== 200).length,
      peakRssMb: peakRssMb(),
    };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.send('stop');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (child.exitCode === null) child.kill();
    await fake.close();
  }
}

/** The calls that start an answer in a thread: a stream, or a message posted in a thread (answers, not the warm-up's). */
function answerStartCalls(fake: FakeSlackApi): RecordedCall[] {
  return fake.calls.filter((call) => (call.method === 'chat.startStream' || call.method === 'chat.postMessage') && call.response && call.args.thread_ts);
}

/** Waits until answers have started in all of `threads` (rejects after `timeoutMs`). */
async function answerStarts(fake: FakeSlackApi, count: number, timeoutMs: number, threads: string[]): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const wanted = new Set(threads);
  for (;;) {
    const started = new Set(answerStartCalls(fake).map((call) => String(call.args.thread_ts)).filter((ts) => wanted.has(ts)));
    if (started.size >= count) return;
    if (Date.now() > deadline) throw new Error(`slack bench: ${started.size}/${count} answers started after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The result as the lines `npm run bench -- slack` prints. */
export function formatSlackBench(result: SlackBenchResult): string {
  const { ack, baselineAck, serverAck, answer } = result;
  return [
    result.database,
    `  events: ${result.events} concurrent signed app_mentions (+ retries), engine delay ${result.engineDelayMs} ms`,
    `  ack as sent:    p50 ${ack.p50} ms, p95 ${ack.p95} ms, p99 ${ack.p99} ms (same burst at a bare server: p99 ${baselineAck.p99} ms)`,
    `  ack in the app: p50 ${serverAck.p50} ms, p95 ${serverAck.p95} ms, p99 ${serverAck.p99} ms`,
    `  time to answer's first text: p50 ${answer.p50} ms, p95 ${answer.p95} ms, p99 ${answer.p99} ms`,
    `  answers: ${result.answersPosted} (${result.answersStreamed} streamed), duplicate answers: ${result.duplicateAnswers}, non-200 acks: ${result.non200}, answers before their ack: ${result.answersBeforeAck}`,
    '',
  ].join('\n');
}

function round(stats: ReturnType<typeof summarise>, digits = 0): ReturnType<typeof summarise> {
  const r = (value: number) => Number(value.toFixed(digits));
  return { p50: r(stats.p50), p95: r(stats.p95), p99: r(stats.p99), mean: r(stats.mean) };
}

if (process.argv[1]?.endsWith('slack-bench.ts')) {
  const [events, delay] = process.argv.slice(2).map(Number);
  console.log(JSON.stringify(await runSlackBench({ events: events || undefined, engineDelayMs: Number.isFinite(delay) ? delay : undefined })));
}
