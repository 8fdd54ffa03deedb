/**
 * `npm run bench -- stream [--questions 50] [--json]`: how long until the first text of an answer is visible, per
 * channel, with a model that writes 20 tokens a second. It starts the fake OpenAI server (test/fakes/
 * fake-openai-server.ts) streaming one word per token at that pace (its intent classification answers at once),
 * seeds one DATA_DIR with the sample library (local embeddings), and then, one channel at a time, opens the
 * channel's probe (scripts/bench/stream/<channel>-probe.ts: the real server on a copy of that folder, llm mode),
 * asks it the same 50 different questions from the eval set, each as a new conversation and after the previous
 * answer has finished, and prints p50/p95/max of the time to the first text and whether p95 ≤ 1000 ms. `web-json`
 * is the baseline in the same run: the web chat's JSON path, which shows the answer only once it is whole, as every
 * channel did before streaming.
 *
 * The probes are listed in {@link PROBES}; a probe whose file is missing is skipped with a line saying so (Slack's is
 * plugged in by adding its file).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadConfig } from '../../config/env.js';
import { runIngest } from '../../ingest/run-ingest.js';
import { openKnowledgeBase } from '../../knowledge/index.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../test/fakes/fake-openai-server.js';
import { isRetrievalQuestion, loadQuestionFile, QUESTION_FILES } from '../../test/eval/question-sets.js';
import { percentile } from './percentiles.js';
import type { FirstTextProbe, OpenFirstTextProbe, StreamBenchSetup } from './stream/first-text-probe.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SAMPLE_LIBRARY = path.resolve(HERE, '../../data/library');

/** The channels measured, in order: each one's probe file (loaded only when it exists). */
export const PROBES: ReadonlyArray<{ channel: FirstTextProbe['channel']; file: string; opener?: string }> = [
  { channel: 'web', file: path.join(HERE, 'stream/web-probe.ts') },
  // The baseline in the same run: the web chat's JSON path shows the answer only once it is whole.
  { channel: 'web-json', file: path.join(HERE, 'stream/web-probe.ts'), opener: 'openWebJsonProbe' },
  { channel: 'teams', file: path.join(HERE, 'stream/teams-probe.ts') },
  { channel: 'slack', file: path.join(HERE, 'stream/slack-probe.ts') },
];

/** The target: the first text within a second for 95 % of the questions. */
export const TARGET_P95_MS = 1_000;

export interface StreamBenchOptions {
  questions: number;
  tokensPerSecond: number;
}

export interface ChannelResult {
  channel: string;
  questions: number;
  firstTextMs: { p50: number; p95: number; max: number };
  withinTarget: boolean;
}

export interface StreamBenchResult {
  suite: 'stream';
  tokensPerSecond: number;
  targetP95Ms: number;
  channels: ChannelResult[];
  /** Channels whose probe file is not there. */
  skipped: string[];
}

/** A realistic answer of about 70 words with two citations, written one word per token. */
const ANSWER =
  'Flere kommuner har erfaring med det, du spørger om. Fredericia Kommune begyndte med et forløb, hvor borgeren ' +
  'selv satte målene, og medarbejderne fik en fælles metode at arbejde ud fra [1]. København skrev tilgangen ind i ' +
  'kvalitetsstandarderne og målte effekten løbende [2]. Fælles for dem er, at de startede småt, inddrog ' +
  'medarbejderne tidligt og fulgte op på resultaterne, før de skalerede. Kontakt gerne projektlederne direkte, ' +
  'hvis du vil høre mere om erfaringerne.';

/** The fake model: the classification answers at once (method or case lookup), the answer streams. */
function scriptModel(fake: FakeOpenAI): void {
  fake.onChat((request) => {
    if (!request.body.response_format) return { content: ANSWER };
    const method = /\b(metode|metoder|hvordan|how|method)\b/i.test(request.lastUserMessage);
    return { json: { intent: method ? 'method' : 'case_lookup', filters: null } };
  });
}

/** A DATA_DIR with the sample library ingested (local embeddings), for the probes to copy. */
async function seedDataDir(parent: string): Promise<string> {
  const dataDir = path.join(parent, 'seeded');
  const knowledge = await openKnowledgeBase(loadConfig({ DATA_DIR: dataDir, EMBEDDING_PROVIDER: 'local', LOG_LEVEL: 'silent' }));
  try {
    const summary = await runIngest(knowledge, { inputs: [SAMPLE_LIBRARY] });
    if (summary.failed > 0) throw new Error(`stream bench: the sample library failed to ingest (${summary.failed} files)`);
  } finally {
    await knowledge.close();
  }
  return dataDir;
}

/** The probe's opener: its default export, or its one exported `open…Probe`. */
async function loadProbe(file: string, opener?: string): Promise<OpenFirstTextProbe> {
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const open = (opener ? module[opener] : module.default) ?? Object.entries(module).find(([name, value]) => /^open\w*Probe$/.test(name) && typeof value === 'function')?.[1];
  if (typeof open !== 'function') throw new Error(`stream bench: ${path.basename(file)} exports no probe opener`);
  return open as OpenFirstTextProbe;
}

/** `count` different in-scope questions from the eval sets (the original 70, then the natural ones). */
export function benchQuestions(count: number): string[] {
  const all = [QUESTION_FILES.original, QUESTION_FILES['natural-tuning'], QUESTION_FILES['natural-holdout']]
    .filter((file): file is string => typeof file === 'string' && fs.existsSync(file))
    .flatMap((file) => loadQuestionFile(file))
    .filter(isRetrievalQuestion)
    .map((question) => question.question);
  const unique = [...new Set(all)];
  if (unique.length < count) throw new Error(`stream bench: only ${unique.length} different questions, ${count} asked for`);
  return unique.slice(0, count);
}

/** Runs every available probe in turn. */
export async function runStreamBench(options: StreamBenchOptions): Promise<StreamBenchResult> {
  const questions = benchQuestions(options.questions);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-stream-bench-'));
  const fake = await startFakeOpenAI({ tokenDelayMs: Math.round(1000 / options.tokensPerSecond) });
  scriptModel(fake);
  const channels: ChannelResult[] = [];
  const skipped: string[] = [];
  try {
    const setup: StreamBenchSetup = { openaiBaseUrl: fake.baseURL, tokensPerSecond: options.tokensPerSecond, seededDataDir: await seedDataDir(workDir) };
    for (const { channel, file, opener } of PROBES) {
      if (!fs.existsSync(file)) {
        skipped.push(channel);
        continue;
      }
      const probe = await (await loadProbe(file, opener))(setup);
      try {
        const timings: number[] = [];
        for (const question of questions) timings.push(await probe.firstTextMs(question));
        const sorted = [...timings].sort((a, b) => a - b);
        const ms = (value: number) => Math.round(value);
        const p95 = percentile(sorted, 95);
        channels.push({
          channel,
          questions: timings.length,
          firstTextMs: { p50: ms(percentile(sorted, 50)), p95: ms(p95), max: ms(sorted.at(-1) ?? 0) },
          withinTarget: p95 <= TARGET_P95_MS,
        });
      } finally {
        await probe.close();
      }
    }
  } finally {
    await fake.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  return { suite: 'stream', tokensPerSecond: options.tokensPerSecond, targetP95Ms: TARGET_P95_MS, channels, skipped };
}

/** The table printed without `--json`. */
export function formatStreamBench(result: StreamBenchResult): string {
  const lines = [
    `first answer text (model at ${result.tokensPerSecond} tokens/s, llm mode, target p95 ≤ ${result.targetP95Ms} ms)`,
    `  ${'channel'.padEnd(10)}${'questions'.padStart(10)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'max ms'.padStart(9)}  p95 ≤ ${result.targetP95Ms} ms`,
    ...result.channels.map(
      (c) =>
        `  ${c.channel.padEnd(10)}${String(c.questions).padStart(10)}${String(c.firstTextMs.p50).padStart(9)}${String(c.firstTextMs.p95).padStart(9)}${String(c.firstTextMs.max).padStart(9)}  ${c.channel === 'web-json' ? '(before streaming: the whole answer)' : c.withinTarget ? 'yes' : 'NO'}`,
    ),
    ...result.skipped.map((channel) => `  ${channel.padEnd(10)} skipped: no probe (scripts/bench/stream/${channel}-probe.ts)`),
    '',
  ];
  return lines.join('\n');
}
