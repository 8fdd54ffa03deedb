/**
 * End-to-end answer latency in extractive mode over the eval questions (engine.handleMessage: masking,
 * understanding, retrieval, composition and storing the turn), on the sample library.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { LOCAL_EMBEDDING_DIMENSIONS } from '../../config/env.js';
import { silentLogger } from '../../config/logger.js';
import { createEngine } from '../../bot/index.js';
import type { Db } from '../../knowledge/db/db.js';
import { migrate } from '../../knowledge/db/migrate.js';
import { openPgDb } from '../../knowledge/db/pg-db.js';
import { openPgliteDb } from '../../knowledge/db/pglite-db.js';
import { createLocalEmbedder } from '../../knowledge/embeddings/index.js';
import { openKnowledgeBase } from '../../knowledge/knowledge-base.js';
import { runIngest } from '../../ingest/run-ingest.js';
import { loadQuestions } from '../../test/eval/evaluate-retrieval.js';
import { peakRssMb, summarise } from './percentiles.js';

async function open(kind: 'pglite' | 'postgres', url?: string): Promise<{ db: Db; cleanup(): Promise<void> }> {
  if (kind === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-answer-bench-'));
    const db = await openPgliteDb(dir);
    await migrate(db);
    return { db, cleanup: async () => { await db.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
  }
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const db = await openPgDb(url!, { searchPath: [schema, 'public'] });
  await migrate(db);
  return { db, cleanup: async () => { await db.exec(`DROP SCHEMA ${schema} CASCADE`); await db.close(); } };
}

export async function runAnswerBench(options: { kind: 'pglite' | 'postgres'; url?: string; rounds: number }) {
  const { db, cleanup } = await open(options.kind, options.url);
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
