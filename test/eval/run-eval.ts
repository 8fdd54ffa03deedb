/**
 * `npm run eval [-- --json] [-- --verbose]`: ingests the sample library into a fresh in-memory database with the
 * configured embedder and prints hit@1, hit@5 and MRR for vector-only, lexical-only and hybrid retrieval.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/env.js';
import { openPgliteDb } from '../../knowledge/db/pglite-db.js';
import { migrate } from '../../knowledge/db/migrate.js';
import { createEmbedder } from '../../knowledge/embeddings/create-embedder.js';
import { openKnowledgeBase } from '../../knowledge/knowledge-base.js';
import { runIngest } from '../../ingest/run-ingest.js';
import { runCli } from '../../scripts/lib/run-cli.js';
import { evaluateRetrieval, loadQuestions } from './evaluate-retrieval.js';

runCli(async () => {
  const { values } = parseArgs({ options: { json: { type: 'boolean' }, verbose: { type: 'boolean' }, library: { type: 'string' } } });
  const config = loadConfig();
  const embedder = await createEmbedder(config.embedding);
  const db = await openPgliteDb(undefined);
  await migrate(db);
  try {
    const ingest = await runIngest({ db, embedder }, { inputs: [values.library ?? 'data/library'] });
    if (ingest.failed > 0) throw new Error(`the sample library did not ingest cleanly: ${ingest.problems.map((p) => p.source).join(', ')}`);
    const knowledge = await openKnowledgeBase(config, { db, embedder });
    const report = await evaluateRetrieval(knowledge, loadQuestions());
    if (values.json) {
      console.log(JSON.stringify(report.scores));
      return 0;
    }
    console.log(`Retrieval evaluation: ${report.questions} questions, ${ingest.totalDocuments} documents, embeddings ${embedder.modelId}\n`);
    console.log('mode      hit@1   hit@5   MRR');
    for (const mode of ['hybrid', 'vector', 'lexical'] as const) {
      const s = report.scores[mode];
      console.log(`${mode.padEnd(8)}  ${s.hit1.toFixed(3)}   ${s.hit5.toFixed(3)}   ${s.mrr.toFixed(3)}`);
    }
    if (values.verbose && report.hybridMisses.length > 0) {
      console.log('\nHybrid misses (first relevant document not in the top 5):');
      for (const miss of report.hybridMisses) {
        console.log(`  ${miss.id} rank=${miss.rank ?? '-'} "${miss.question}"\n      top: ${miss.top.join(', ')}`);
      }
    }
    return 0;
  } finally {
    await db.close();
  }
});
