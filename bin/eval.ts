/**
 * `npm run eval [-- --set all|original|natural-tuning|natural-holdout] [-- --json] [-- --verbose [--show-holdout]]`:
 * ingests the sample library into a fresh in-memory database with the configured embedder, then prints per question
 * set hit@1, hit@5 and MRR for hybrid, vector-only and lexical-only retrieval, and the answer-path metrics of the
 * engine in extractive mode (citation and case precision, out-of-scope declines, escalations). `--verbose` lists the
 * misses of the original and tuning sets; the held-back set's misses are printed only with `--show-holdout`, so that
 * nobody tuning sees them by accident. See test/eval/README.md.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/env.js';
import { openPgliteDb } from '../knowledge/db/pglite-db.js';
import { migrate } from '../knowledge/db/migrate.js';
import { MIGRATION_FOLDERS } from '../bot/store/migration-folders.js';
import { createEmbedder } from '../knowledge/embeddings/create-embedder.js';
import { openKnowledgeBase } from '../knowledge/knowledge-base.js';
import { runIngest } from '../ingest/run-ingest.js';
import type { AnswerScores } from '../test/eval/evaluate-answers.js';
import { evaluateSets, type SetReport } from '../test/eval/evaluate-sets.js';
import { QUESTION_SET_NAMES, type QuestionSetName } from '../test/eval/question-sets.js';
import { runCli, UsageError } from './lib/run-cli.js';

const MODES = ['hybrid', 'vector', 'lexical'] as const;

runCli(async () => {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean' },
      verbose: { type: 'boolean' },
      'show-holdout': { type: 'boolean' },
      set: { type: 'string', default: 'all' },
      library: { type: 'string' },
    },
  });
  const sets = chooseSets(values.set);
  const config = loadConfig();
  const embedder = await createEmbedder(config.embedding);
  const db = await openPgliteDb(undefined);
  await migrate(db, MIGRATION_FOLDERS);
  try {
    const ingest = await runIngest({ db, embedder }, { inputs: [values.library ?? 'data/library'] });
    if (ingest.failed > 0) throw new Error(`the sample library did not ingest cleanly: ${ingest.problems.map((p) => p.source).join(', ')}`);
    const knowledge = await openKnowledgeBase(config, { db, embedder });
    const reports = await evaluateSets(knowledge, sets);
    if (values.json) {
      console.log(JSON.stringify(toJson(reports, embedder.modelId, ingest.totalDocuments)));
      return 0;
    }
    printReports(reports, `${ingest.totalDocuments} documents, embeddings ${embedder.modelId}`);
    if (values.verbose) printMisses(reports, Boolean(values['show-holdout']));
    return 0;
  } finally {
    await db.close();
  }
});

function chooseSets(choice: string): QuestionSetName[] {
  if (choice === 'all') return [...QUESTION_SET_NAMES];
  if ((QUESTION_SET_NAMES as string[]).includes(choice)) return [choice as QuestionSetName];
  throw new UsageError(`--set must be one of all, ${QUESTION_SET_NAMES.join(', ')} (got "${choice}")`);
}

function toJson(reports: SetReport[], embeddings: string, documents: number) {
  return {
    embeddings,
    documents,
    answerMode: 'extractive',
    sets: Object.fromEntries(
      reports.map((report) => [
        report.set,
        { questions: report.questions, retrievalQuestions: report.retrieval.questions, retrieval: report.retrieval.scores, answers: report.answers.scores, counts: report.answers.counts },
      ]),
    ),
  };
}

const show = (value: number | null) => (value === null ? '  –  ' : value.toFixed(3));

function printReports(reports: SetReport[], library: string): void {
  console.log(`Evaluation on ${library}; answers through the engine in extractive mode\n`);
  console.log('Retrieval: knowledge.search(question, annotated filters), top 10, one hit per document');
  console.log('set              retriever  questions  hit@1   hit@5   MRR');
  for (const report of reports) {
    for (const mode of MODES) {
      const s = report.retrieval.scores[mode];
      console.log(`${report.set.padEnd(16)} ${mode.padEnd(9)}  ${String(report.retrieval.questions).padStart(9)}  ${s.hit1.toFixed(3)}   ${s.hit5.toFixed(3)}   ${s.mrr.toFixed(3)}`);
    }
  }
  console.log('\nAnswer path: each question as a new conversation through engine.handleMessage');
  const columns: [keyof AnswerScores, string][] = [
    ['answered', 'answered'],
    ['citationPrecision', 'citation precision'],
    ['citationPrecisionWho', 'citation precision (who)'],
    ['casePrecisionWho', 'case precision (who)'],
    ['casePrecision', 'case precision (all)'],
    ['outOfScopeDeclined', 'out-of-scope declined'],
    ['humanEscalated', 'human request escalated'],
    ['gapWithoutCards', 'gap without case cards'],
  ];
  console.log(`${'metric'.padEnd(26)} ${reports.map((r) => r.set.padStart(16)).join(' ')}`);
  for (const [key, label] of columns) {
    console.log(`${label.padEnd(26)} ${reports.map((r) => show(r.answers.scores[key]).padStart(16)).join(' ')}`);
  }
  const counts = reports.map((r) => `${r.set}: ${r.answers.counts.retrieval} retrieval (${r.answers.counts.who} who), ${r.answers.counts.outOfScope} out of scope, ${r.answers.counts.human} human, ${r.answers.counts.gap} gap`);
  console.log(`\nQuestions — ${counts.join('; ')}`);
}

function printMisses(reports: SetReport[], showHoldout: boolean): void {
  for (const report of reports) {
    if (report.set === 'natural-holdout' && !showHoldout) {
      console.log('\nnatural-holdout: details hidden (add --show-holdout; never while tuning)');
      continue;
    }
    console.log(`\n${report.set}: hybrid retrieval misses (first relevant document not in the top 5)`);
    for (const miss of report.retrieval.hybridMisses) {
      console.log(`  ${miss.id} rank=${miss.rank ?? '-'} "${miss.question}"\n      top: ${miss.top.join(', ')}`);
    }
    console.log(`${report.set}: answer-path problems`);
    for (const outcome of report.answers.outcomes.filter((o) => o.problem)) {
      console.log(`  ${outcome.id} [${outcome.kind}, intent ${outcome.intent}] "${outcome.question}"\n      ${outcome.problem}; cited: ${outcome.cited.join(', ') || '-'}; cards: ${outcome.cards.join(', ') || '-'}`);
    }
  }
}
