/**
 * The engine's readiness, for `/readyz`: the database answers and records the newest migration, the library is not
 * empty, and in `llm` mode the model's server answers (asked at most every 30 s, see bot/llm/model-probe.ts). Every
 * part is reported; `failing` names the first that is not ok, in that order.
 */
import { countLibrary } from '../../knowledge/index.js';
import { migrationStatus } from '../../knowledge/db/migration-status.js';
import type { HealthPart, HealthReport } from '../engine-port.js';
import { MIGRATION_FOLDERS } from '../store/migration-folders.js';
import type { EngineOptions } from './engine-options.js';

/** Fixed texts, Danish / English: what a health report may say about a failing part. */
export const HEALTH_TEXTS = {
  database: 'Databasen svarer ikke / the database does not answer',
  migrations: (newest: string) => `Databasen mangler migreringen ${newest}; start serveren igen / the database is not migrated to ${newest}`,
  library: 'Biblioteket er tomt; kør npm run ingest / the library is empty: run npm run ingest',
  modelUnchecked: 'Sprogmodellen kunne ikke tjekkes / the model could not be checked',
} as const;

/** Checks every part; never throws. */
export async function engineHealth(options: EngineOptions): Promise<HealthReport> {
  const { knowledge, chatModel, modelProbe, logger } = options;
  const db = knowledge.db;
  const failures: Array<{ part: HealthPart; detail: string }> = [];

  const database: HealthReport['database'] = { ok: true, kind: db.kind };
  let documents = 0;
  try {
    const [status, counts] = await Promise.all([migrationStatus(db, MIGRATION_FOLDERS), countLibrary(db)]);
    documents = counts.documents;
    if (status.newest !== undefined && status.recorded) database.migration = status.newest;
    if (!status.recorded) failures.push({ part: 'migrations', detail: HEALTH_TEXTS.migrations(status.newest ?? '?') });
    if (documents === 0) failures.push({ part: 'library', detail: HEALTH_TEXTS.library });
  } catch (cause) {
    logger.warn('health: the database does not answer', { cause });
    database.ok = false;
    database.detail = HEALTH_TEXTS.database;
    failures.push({ part: 'database', detail: HEALTH_TEXTS.database });
  }

  const model: HealthReport['model'] = { mode: chatModel ? 'llm' : 'extractive', ok: true, detail: chatModel?.modelId };
  if (chatModel && modelProbe) {
    const probed = await modelProbe.check().catch((cause: unknown) => {
      logger.warn('health: the model probe failed', { cause });
      return { ok: false, detail: HEALTH_TEXTS.modelUnchecked, checkedAt: new Date() };
    });
    model.ok = probed.ok;
    model.checkedAt = probed.checkedAt.toISOString();
    if (probed.detail) model.detail = `${chatModel.modelId}: ${probed.detail}`;
    if (!probed.ok) failures.push({ part: 'model', detail: probed.detail ?? HEALTH_TEXTS.modelUnchecked });
  }

  const first = failures[0];
  return {
    ok: first === undefined,
    ...(first ? { failing: first.part, detail: first.detail } : {}),
    database,
    model,
    embeddings: knowledge.embedder.modelId,
    documents,
  };
}
