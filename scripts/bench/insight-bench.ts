/**
 * `npm run bench -- insight [--messages 100000]`: the insight page's API call (`GET /api/insight`) on a database of
 * 100,000 messages. Seeds conversations over the last 90 days on three channels and two audiences, user questions
 * and bot answers with citations, 👍/👎, knowledge gaps and escalations (bulk SQL: the engine's own store functions
 * would take minutes for this many rows), then times the real console route over HTTP with a bearer token, warm,
 * for the page's default (30 days), 90 days, and 90 days filtered to one channel and audience (warm: after a first
 * call that builds the daily rollup, which is reported on its own). Target: under 1 s.
 * Run as a child process by run-bench.ts: `insight-bench.ts <pglite|postgres> <messages>`; prints one JSON line.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import express from 'express';
import { createConsoleApp } from '../../adapters/console/index.js';
import { createAdviserStore } from '../../bot/advisers/index.js';
import { createEscalationService, DEFAULT_OFFICE_HOURS } from '../../bot/escalation/index.js';
import { silentLogger } from '../../config/logger.js';
import type { Db } from '../../knowledge/db/db.js';
import { openBenchDatabase } from './bench-database.js';
import { peakRssMb, summarise } from './percentiles.js';

/** Messages per conversation: question, answer, follow-up, answer. */
const PER_CONVERSATION = 4;
const DOCUMENTS = 300;
/** Gap questions are built from a frame and two topics, most with their own detail, so nearly every one is distinct. */
const GAP_FRAMES = ['Hvem har arbejdet med %a og %b', 'Har nogen kommuner prøvet %a i %b', 'Erfaringer med %a til %b', 'Hvordan bruger man %a i %b', 'Kender I nogen der har lavet %a for %b'];
const GAP_TOPICS = ['droner', 'hjemmepleje', 'kunstig intelligens', 'robotter', 'sygehuse', 'borgerbudgetter', 'unge', 'arbejdsuge', 'skolen', 'elbiler', 'bilpark', 'grøn omstilling', 'velfærdsteknologi', 'ensomhed', 'demens', 'frivillige', 'byrum', 'affald', 'cykler', 'jobcentre', 'sagsbehandling', 'tilsyn', 'trivsel', 'rekruttering', 'sprog', 'integration', 'klima', 'vand', 'energi', 'biblioteker'];

/** Bulk-seeds `messages` messages (rounded to whole conversations) and what hangs on them. */
export async function seedInsightBench(db: Db, messages: number): Promise<{ conversations: number; messages: number }> {
  const conversations = Math.ceil(messages / PER_CONVERSATION);
  await db.query(
    `INSERT INTO documents (id, type, title, body, source_path, source_format, content_hash, audience)
     SELECT 'bench-doc-' || i, (ARRAY['case', 'method', 'research'])[1 + i % 3], 'Benchmarkdokument ' || i, 'tekst',
       'bench/' || i || '.md', 'markdown', md5(i::text), CASE WHEN i % 10 = 0 THEN 'internal' ELSE 'public' END
     FROM generate_series(1, $1::int) AS i`,
    [DOCUMENTS],
  );
  // Conversation i started (i * 37) % 129600 minutes (90 days) ago; channels 50 % web, 25 % Slack, 25 % Teams.
  await db.query(
    `INSERT INTO conversations (id, channel, external_id, user_id, audience, created_at, updated_at)
     SELECT 'bench-c-' || i, (ARRAY['web', 'web', 'slack', 'teams'])[1 + i % 4], 'c' || i, 'u' || (i % 5000),
       CASE WHEN i % 5 = 0 THEN 'internal' ELSE 'public' END, t, t
     FROM (SELECT i, now() - make_interval(mins => (i * 37) % 129600) AS t FROM generate_series(1, $1::int) AS i) AS s`,
    [conversations],
  );
  await db.query(
    `INSERT INTO messages (id, conversation_id, role, text, intent, confidence, citations, created_at)
     SELECT 'bench-m-' || i || '-' || j, 'bench-c-' || i, CASE WHEN j % 2 = 0 THEN 'user' ELSE 'bot' END,
       'Spørgsmål eller svar ' || i,
       CASE WHEN j % 2 = 1 THEN (ARRAY['case_lookup', 'case_lookup', 'case_lookup', 'method', 'method', 'greeting', 'out_of_scope'])[1 + (i + j) % 7] END,
       CASE WHEN j % 2 = 1 THEN ((i * 13) % 100) / 100.0 END,
       CASE WHEN j % 2 = 1 AND (i + j) % 7 < 5 THEN jsonb_build_array(
         jsonb_build_object('n', 1, 'documentId', 'bench-doc-' || (1 + (i * 7) % 250), 'title', 'Benchmarkdokument ' || (1 + (i * 7) % 250), 'passage', 'x'),
         jsonb_build_object('n', 2, 'documentId', 'bench-doc-' || (1 + (i * 11 + j) % 250), 'title', 'Benchmarkdokument ' || (1 + (i * 11 + j) % 250), 'passage', 'x'),
         jsonb_build_object('n', 3, 'documentId', 'bench-doc-' || (1 + (i * 3) % 120), 'title', 'Benchmarkdokument ' || (1 + (i * 3) % 120), 'passage', 'x'))
         ELSE '[]'::jsonb END,
       now() - make_interval(mins => (i * 37) % 129600) + make_interval(secs => j * 20)
     FROM generate_series(1, $1::int) AS i, generate_series(0, $2::int - 1) AS j`,
    [conversations, PER_CONVERSATION],
  );
  // Every seventh answer is a knowledge gap (low confidence), one in ten answers gets a vote.
  await db.query(
    `INSERT INTO knowledge_gaps (conversation_id, message_id, question, reason, confidence, created_at)
     SELECT m.conversation_id, m.id,
       replace(replace(($1::text[])[1 + h % array_length($1::text[], 1)], '%a', ($2::text[])[1 + (h / 7) % array_length($2::text[], 1)]),
         '%b', ($2::text[])[1 + (h / 13) % array_length($2::text[], 1)]) || CASE WHEN h % 3 = 0 THEN '?' ELSE ' (' || m.id || ')?' END,
       'low_confidence', m.confidence, m.created_at
     FROM (SELECT *, hashtext(id) & 1048575 AS h FROM messages) AS m
     WHERE m.role = 'bot' AND m.intent IN ('case_lookup', 'method') AND m.h % 7 = 0`,
    [GAP_FRAMES, GAP_TOPICS],
  );
  await db.query(
    `INSERT INTO feedback (message_id, user_id, channel, value, created_at)
     SELECT m.id, 'u', c.channel, CASE WHEN hashtext(m.id) % 3 = 0 THEN 'down' ELSE 'up' END, m.created_at + interval '1 minute'
     FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.role = 'bot' AND hashtext(m.id) % 10 = 0`,
  );
  await db.query(
    `INSERT INTO escalations (id, conversation_id, status, trigger, channel, question, summary, due_at, claimed_at, resolved_at, created_at)
     SELECT 'bench-e-' || i, c.id, (ARRAY['resolved', 'resolved', 'claimed', 'queued', 'cancelled'])[1 + i % 5], 'user_request', c.channel,
       'Spørgsmål', 'Resumé', c.created_at + interval '4 hours',
       CASE WHEN i % 5 < 3 THEN c.created_at + make_interval(mins => (i * 17) % 600) END,
       CASE WHEN i % 5 < 2 OR i % 5 = 4 THEN c.created_at + make_interval(mins => 600 + (i * 29) % 3000) END, c.created_at
     FROM (SELECT i, 'bench-c-' || (i * 25) AS id FROM generate_series(1, $1::int / 25) AS i) AS pick
     JOIN conversations c ON c.id = pick.id`,
    [conversations],
  );
  await db.exec('ANALYZE');
  const counted = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM messages');
  return { conversations, messages: counted.rows[0]!.n };
}

/** Seeds, then times `GET /api/insight` for three queries. */
export async function runInsightBench(options: { kind: 'pglite' | 'postgres'; url?: string; messages: number; rounds?: number }) {
  const { db, cleanup } = await openBenchDatabase(options.kind, options.url);
  let server: Server | undefined;
  let consoleApp: ReturnType<typeof createConsoleApp> | undefined;
  try {
    const seeding = performance.now();
    const seeded = await seedInsightBench(db, options.messages);
    const seedSeconds = Math.round((performance.now() - seeding) / 100) / 10;
    const advisers = createAdviserStore(db);
    const { token } = await advisers.add({ name: 'Bench Rådgiver', email: 'bench@kraftcenter.example.dk' });
    const escalations = createEscalationService({ db, logger: silentLogger, officeHours: DEFAULT_OFFICE_HOURS, targetWorkingHours: 4, draftsDir: '/nonexistent' });
    consoleApp = createConsoleApp({ escalations, advisers, db, logger: silentLogger, pollMs: 60_000 });
    const app = express().use(consoleApp);
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/insight`;
    const queries = { '30 days (default)': '?period=30', '90 days': '?period=90', '90 days, web, public': '?period=90&channel=web&audience=public' };
    const timings: Record<string, { p50: number; max: number; bytes: number }> = {};
    let answersCounted = 0;
    let firstCallMs = 0;
    for (const [name, query] of Object.entries(queries)) {
      const times: number[] = [];
      let bytes = 0;
      for (let round = 0; round <= (options.rounds ?? 5); round++) {
        const started = performance.now();
        const response = await fetch(`${base}${query}`, { headers: { authorization: `Bearer ${token}` } });
        const body = await response.text();
        const elapsed = performance.now() - started;
        if (response.status !== 200) throw new Error(`GET /api/insight${query} answered ${response.status}: ${body.slice(0, 200)}`);
        bytes = body.length;
        if (name === '90 days') answersCounted = (JSON.parse(body) as { quality: { answers: number }[] }).quality.reduce((sum, week) => sum + week.answers, 0);
        if (round > 0) times.push(elapsed); // round 0 builds the rollup and warms the caches
        else if (firstCallMs === 0) firstCallMs = Math.round(elapsed);
      }
      const stats = summarise(times);
      timings[name] = { p50: Math.round(stats.p50), max: Math.round(Math.max(...times)), bytes };
    }
    return { database: db.description, ...seeded, seedSeconds, answersCounted, firstCallMs, timings, loadAverage: os.loadavg().map((load) => Math.round(load * 10) / 10), peakRssMb: peakRssMb() };
  } finally {
    consoleApp?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await cleanup();
  }
}

/** Prints the result of {@link runInsightBench} for a person. */
export function formatInsightBench(result: Awaited<ReturnType<typeof runInsightBench>>): string {
  const lines = Object.entries(result.timings).map(([name, timing]) => `  GET /api/insight, ${name}: p50 ${timing.p50} ms, max ${timing.max} ms (${Math.round(timing.bytes / 1024)} KB)`);
  return [
    `${result.database}`,
    `  seeded: ${result.messages} messages in ${result.conversations} conversations (${result.seedSeconds} s)`,
    `  first call (builds the daily rollup of 30 days): ${result.firstCallMs} ms`,
    ...lines,
    `  load average (1, 5, 15 min): ${result.loadAverage.join(', ')}`,
    `  peak RSS: ${result.peakRssMb} MB`,
    '',
  ].join('\n');
}

// As a child of run-bench.ts: `insight-bench.ts <pglite|postgres> <messages>`.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) {
  const [target, messages] = process.argv.slice(2);
  const result = await runInsightBench({
    kind: target === 'postgres' ? 'postgres' : 'pglite',
    url: process.env.DATABASE_URL || process.env.TEST_DATABASE_URL,
    messages: Number(messages) || 100_000,
  });
  console.log(JSON.stringify({ suite: 'insight', ...result }));
}
