/**
 * A temporary DATA_DIR with a migrated embedded database and the fixture library's cases ingested, for tests that
 * start the server as a process of its own (it then has nothing to ingest, and is ready in seconds).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../config/env.js';
import { runIngest } from '../../ingest/run-ingest.js';
import { openKnowledgeBase, openPgliteDb } from '../../knowledge/index.js';
import { FIXTURE_LIBRARY } from './library-fixture.js';
import { ensurePgliteTemplate } from './pglite-template.js';

export interface SeededDataDir {
  dataDir: string;
  /** Removes the folder. */
  remove(): void;
}

export async function seededDataDir(prefix = 'kc-seeded-'): Promise<SeededDataDir> {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const dataDir = path.join(parent, 'data');
  const template = new Blob([fs.readFileSync(await ensurePgliteTemplate())]);
  await (await openPgliteDb(dataDir, { loadDataDir: template })).close();
  const knowledge = await openKnowledgeBase(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
  await runIngest(knowledge, { inputs: [path.join(FIXTURE_LIBRARY, 'cases')] });
  await knowledge.close();
  return { dataDir, remove: () => fs.rmSync(parent, { recursive: true, force: true }) };
}
