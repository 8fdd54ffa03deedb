/**
 * End-to-end answer latency in extractive mode over the eval questions (engine.handleMessage: masking,
 * understanding, retrieval, composition and storing the turn), on the sample library.
 */
import path from 'node:path';
import { LOCAL_EMBEDDING_DIMENSIONS } from '../../config/env.js';
import { silentLogger } from '../../config/logger.js';
import { createEngine } from '../../bot/index.js';
import { createLocalEmbedder } from '../../knowledge/embeddings/index.js';
import { openKnowledgeBase } from '../../knowledge/knowledge-base.js';
import { runIngest } from '../../ingest/run-ingest.js';
import { loadQuestions } from '../../test/eval/evaluate-retrieval.js';
import { openBenchDatabase } from './bench-database.js';
import { peakRssMb, summarise } from './percentiles.js';


export async function runAnswerBench(options: { kind: 'pglite' | 'postgres'; url?: string; rounds: number }) {
  const { db, cleanup } = await openBenchDatabase(options.kind, options.url);
  try {
    const embedder = createLocalEmbedder({ dimensions: LOCAL_EMBEDDING_DIMENSIONS });
    await runIngest({ db, embedder }, { inputs: [path.resolve('data/library')] });
    const knowledge = await openKnowledgeBase({} as never, { db, embedder, checkModel: false });
    const engine = createEngine({ knowledge, logger: silentLogger, rateLimitPerMinute: 1_000_000 });
    const questions = loadQuestions();
    for (const question of questions.slice(0, 10)) {
      await engine.handleMessage({ channel: 'bench', conversationId: 'warmup', user: { id: 'bench', audience: 'public' }, text: question.question });
    }
    const timings: number[] = [];
    for (let round = 0; round < options.rounds; round++) {
      for (const [index, question] of questions.entries()) {
        const started = performance.now();
        await engine.handleMessage({
          channel: 'bench',
          conversationId: `bench-${round}-${index}`,
          user: { id: `user-${index}`, audience: 'public' },
          text: question.question,
        });
        timings.push(performance.now() - started);
      }
    }
    const stats = summarise(timings);
    const round = (value: number) => Math.round(value * 10) / 10;
    return {
      database: db.description,
      questions: questions.length,
      rounds: options.rounds,
      latency: { p50: round(stats.p50), p95: round(stats.p95), p99: round(stats.p99), mean: round(stats.mean) },
      peakRssMb: peakRssMb(),
    };
  } finally {
    await cleanup();
  }
}
