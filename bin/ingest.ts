/**
 * `npm run ingest -- [--prune] [--reembed] <file or folder>...`
 * Reads the library into the configured database (PGlite under DATA_DIR, or DATABASE_URL).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/env.js';
import { createEmbedder } from '../knowledge/embeddings/create-embedder.js';
import { openDatabase } from '../knowledge/db/open-db.js';
import { formatSummary } from '../ingest/format-summary.js';
import { createProgressReporter } from '../ingest/progress-reporter.js';
import { reembedLibrary } from '../ingest/reembed-library.js';
import { runIngest } from '../ingest/run-ingest.js';
import { runCli, UsageError } from './lib/run-cli.js';

const USAGE = `Brug: npm run ingest -- [--prune] [--reembed] <fil eller mappe>...
  --prune     fjern dokumenter hvis filer er væk (under de angivne mapper)
  --reembed   beregn alle embeddings igen med den konfigurerede model (efter skift af EMBEDDING_*)`;

runCli(async () => {
  const { values, positionals } = parseArgs({
    options: { prune: { type: 'boolean' }, reembed: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length === 0 && !values.reembed) throw new UsageError(`angiv mindst én fil eller mappe.\n${USAGE}`);

  const config = loadConfig();
  const embedder = await createEmbedder(config.embedding);
  const db = await openDatabase(config.database);
  try {
    console.error(`Database: ${db.description}; embeddings: ${embedder.modelId}`);
    if (values.reembed) {
      const result = await reembedLibrary({ db, embedder }, {
        onProgress: (done, total) => process.stderr.write(`\rGen-embedder ${done}/${total} chunks`),
      });
      console.error(`\nGen-embeddede ${result.chunks} chunks på ${result.seconds.toFixed(1)} s med ${embedder.modelId}`);
      if (positionals.length === 0) return 0;
    }
    const summary = await runIngest(
      { db, embedder },
      { inputs: positionals, prune: values.prune, onProgress: createProgressReporter() },
    );
    console.log(formatSummary(summary, Boolean(values.prune)));
    return summary.failed > 0 || summary.missing.length > 0 ? 1 : 0;
  } finally {
    await db.close();
  }
});
