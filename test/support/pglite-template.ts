/**
 * A migrated PGlite data directory, dumped once and cached under .tmp/ (keyed by the migrations' content), so each
 * test file loads a ready database in ~1.5 s instead of running initdb (~7 s).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { listMigrations, migrate } from '../../knowledge/db/migrate.js';
import { MIGRATION_FOLDERS } from '../../bot/store/migration-folders.js';
import { wrapPglite } from '../../knowledge/db/pglite-db.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function templatePath(): Promise<string> {
  const hash = createHash('sha256');
  for (const { name, file } of await listMigrations(MIGRATION_FOLDERS)) {
    hash.update(name).update(fs.readFileSync(file));
  }
  return path.join(ROOT, '.tmp', `pglite-template-${hash.digest('hex').slice(0, 12)}.tar`);
}

/** Creates the template file if it is missing (vitest's globalSetup calls this once per run). */
export async function ensurePgliteTemplate(): Promise<string> {
  const file = await templatePath();
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const pg = await PGlite.create({ extensions: { vector } });
  await pg.exec('CREATE EXTENSION IF NOT EXISTS vector');
  const db = wrapPglite(pg, 'template');
  await migrate(db, MIGRATION_FOLDERS);
  const blob = await db.dump();
  const temporary = `${file}.${process.pid}`;
  fs.writeFileSync(temporary, Buffer.from(await blob.arrayBuffer()));
  fs.renameSync(temporary, file);
  await db.close();
  return file;
}
