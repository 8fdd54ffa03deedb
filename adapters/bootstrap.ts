/**
 * Opens everything an entry point needs from the settings: the knowledge base (migrated), the chat model when one
 * is configured, the hand-off service, the adviser store and the engine. On an empty embedded database the sample
 * library is ingested first, so a newcomer's first `npm start` or `npm run ask` answers at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config/env.js';
import { createLogger, type Logger } from '../config/logger.js';
import { createChatModel, createEngine, type ChatModel, type Engine } from '../bot/index.js';
import { createAdviserStore } from '../bot/advisers/index.js';
import { createModelProbe } from '../bot/llm/model-probe.js';
import { createEscalationService, type EscalationCore } from '../bot/escalation/index.js';
import { createLibraryPublisher } from '../bot/submissions/library-publisher.js';
import { createSubmissionService } from '../bot/submissions/submission-service.js';
import type { LibraryPublisher, SubmissionService } from '../bot/submissions/submission-port.js';
import { MIGRATION_FOLDERS } from '../bot/store/migration-folders.js';
import { countLibrary, openKnowledgeBase, type KnowledgeBase } from '../knowledge/index.js';
import { runIngest } from '../ingest/run-ingest.js';
import { createEmbedder } from '../knowledge/embeddings/create-embedder.js';
import type { Metrics } from '../observability/metrics.js';
import { instrumentChatModel } from '../observability/instrument-chat-model.js';
import { instrumentEngine } from '../observability/instrument-engine.js';
import { instrumentEmbedder, instrumentKnowledgeBase } from '../observability/instrument-knowledge.js';

export const SAMPLE_LIBRARY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../data/library');

export interface Runtime {
  config: Config;
  logger: Logger;
  knowledge: KnowledgeBase;
  chatModel?: ChatModel;
  engine: Engine;
  escalations: EscalationCore;
  advisers: ReturnType<typeof createAdviserStore>;
  /** LIBRARY_DIR's files: publishing, the console's uploads, unpublishing. */
  library: LibraryPublisher;
  /** Case submissions and the advisers' Forslag queue. */
  submissions: SubmissionService;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  logger?: Logger;
  seedSampleLibrary?: boolean;
  /** The server: hold the embedded database and share it with the command-line tools (see openDatabase). */
  shareDatabase?: boolean;
  /** The server with METRICS_PORT: the engine, chat model, embedder and searches record into these. */
  metrics?: Metrics;
}

export async function openRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = options.logger ?? createLogger({ level: config.logLevel, format: config.logFormat });
  const { metrics } = options;
  // The search embeds through the embedder the knowledge base is opened with: instrumented before, the search after.
  const embedder = metrics ? instrumentEmbedder(await createEmbedder(config.embedding), metrics) : undefined;
  const opened = await openKnowledgeBase(config, { shareDatabase: options.shareDatabase, migrations: MIGRATION_FOLDERS, embedder, logger });
  const knowledge = metrics ? instrumentKnowledgeBase(opened, metrics) : opened;
  // Through the server's socket the library is the server's to seed (it may be doing so right now).
  if (options.seedSampleLibrary !== false && !knowledge.db.sharedByServer) await seedIfEmpty(knowledge, config.library.dir, logger);
  const model = config.openai ? createChatModel(config.openai) : undefined;
  const chatModel = model && metrics ? instrumentChatModel(model, metrics) : model;
  const modelProbe = config.openai ? createModelProbe(config.openai) : undefined;
  const escalation = { officeHours: config.escalation.officeHours, targetWorkingHours: config.escalation.targetWorkingHours };
  const bare = createEngine({ knowledge, chatModel, modelProbe, logger, escalation });
  const engine = metrics ? instrumentEngine(bare, metrics) : bare;
  const escalations = createEscalationService({
    db: knowledge.db,
    logger,
    chatModel,
    ...escalation,
    draftsDir: config.escalation.draftsDir,
  });
  const advisers = createAdviserStore(knowledge.db);
  const library = createLibraryPublisher({ db: knowledge.db, embedder: knowledge.embedder, libraryDir: config.library.dir, logger });
  const submissions = createSubmissionService({
    db: knowledge.db,
    publisher: library,
    search: (question, searchOptions) => knowledge.search(question, searchOptions),
    logger,
    publicBaseUrl: config.library.publicBaseUrl,
  });
  return { config, logger, knowledge, chatModel, engine, escalations, advisers, library, submissions, close: () => knowledge.close() };
}

/** An empty database gets the sample library, and LIBRARY_DIR's files when that is another folder (published cases). */
async function seedIfEmpty(knowledge: KnowledgeBase, libraryDir: string, logger: Logger): Promise<void> {
  const counts = await countLibrary(knowledge.db);
  if (counts.documents > 0) return;
  const inputs = [SAMPLE_LIBRARY, ...(path.resolve(libraryDir) !== SAMPLE_LIBRARY && fs.existsSync(libraryDir) ? [libraryDir] : [])];
  logger.info(`the library is empty: ingesting ${inputs.map((input) => path.relative(process.cwd(), input) || '.').join(' and ')}`);
  const summary = await runIngest({ db: knowledge.db, embedder: knowledge.embedder }, { inputs });
  logger.info(`sample library ingested: ${summary.totalDocuments} documents, ${summary.totalChunks} chunks in ${summary.seconds.toFixed(1)} s`);
}
