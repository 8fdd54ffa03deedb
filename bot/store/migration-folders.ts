/**
 * Where the schema's migrations live: the engine's tables (conversations, messages, feedback, escalations, outbox,
 * advisers, de-duplication claims, the Slack channel's state) beside the engine's stores, the knowledge base's
 * beside its own. Entry points that run the engine migrate with {@link MIGRATION_FOLDERS}; knowledge/db/migrate.ts
 * runs them in one order by number (it cannot import this list itself: knowledge does not depend on bot).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KNOWLEDGE_MIGRATIONS_DIR } from '../../knowledge/db/migrate.js';

/** The engine's migrations folder. */
export const ENGINE_MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Every migrations folder, for anything that opens the database for the engine.
 *
 * @example
 * const db = await openDatabase(config.database, { migrations: MIGRATION_FOLDERS });
 */
export const MIGRATION_FOLDERS: readonly string[] = [KNOWLEDGE_MIGRATIONS_DIR, ENGINE_MIGRATIONS_DIR];
