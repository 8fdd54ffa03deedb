/**
 * `npm run backup` and `npm run restore` on the embedded database: a backup taken through the running server's socket
 * restores into an empty DATA_DIR with every row, the identity sequences, the embedding index and search intact; a
 * non-empty DATA_DIR, a cut-off file and a Postgres URL are refused in one line.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdviserIdentity } from '../../bot/escalation/index.js';
import { MIGRATION_FOLDERS } from '../../bot/store/migration-folders.js';
import { upsertFeedback } from '../../bot/store/feedback-store.js';
import { LOCAL_EMBEDDING_DIMENSIONS } from '../../config/env.js';
import { backupDatabase, BackupRefusedError, restoreDatabase } from '../../knowledge/db/backup.js';
import { createLocalEmbedder, openDatabase, searchLibrary, type Db } from '../../knowledge/index.js';
import { addAdviser, createTestService, openQueued } from '../unit/bot/escalation/escalation-fixture.js';
import { ROOT } from '../support/library-fixture.js';
import { seededDataDir, type SeededDataDir } from '../support/seeded-data-dir.js';

const execFileAsync = promisify(execFile);
const tsx = path.join(ROOT, 'node_modules/.bin/tsx');
const QUESTION = 'hverdagsrehabilitering i kommunerne';

async function tableCounts(db: Db): Promise<Record<string, number>> {
  const tables = await db.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
  );
  const counts: Record<string, number> = {};
  for (const { table_name } of tables.rows) {
    counts[table_name] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table_name}"`)).rows[0]!.n;
  }
  return counts;
}

const rowsOf = async (db: Db, sql: string) => (await db.query(sql)).rows;

describe('backup and restore of the embedded database', () => {
  let seeded: SeededDataDir;
  let server: Db;
  let anna: AdviserIdentity;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-backup-'));
  const backupFile = path.join(work, 'kraftcenter.jsonl.gz');
  const restoredDir = path.join(work, 'restored');
  let restored: Db | undefined;

  beforeAll(async () => {
    seeded = await seededDataDir('kc-backup-seed-');
    server = await openDatabase({ kind: 'pglite', dataDir: seeded.dataDir }, { share: true, migrations: MIGRATION_FOLDERS });
    // Conversations and escalations in every state: resolved with a note, claimed with a reply, still queued.
    const service = createTestService(server);
    anna = await addAdviser(server, 'Anna Rådgiver');
    const resolved = await openQueued(server, service);
    await service.claim(resolved.id, anna);
    await service.reply(resolved.id, anna, 'Se Fredericias evaluering.');
    await service.resolve(resolved.id, anna, { note: 'Besvaret' });
    await upsertFeedback(server, { messageId: resolved.botMessageId, userId: 'u-1', channel: 'web', value: 'up' });
    const claimed = await openQueued(server, service, { question: 'Hvem har arbejdet med telemedicin?' });
    await service.claim(claimed.id, anna);
    await openQueued(server, service, { language: 'en', question: 'Who tried everyday rehabilitation?' });
  }, 180_000);
  afterAll(async () => {
    await restored?.close();
    await server?.close();
    seeded?.remove();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("should back up through the server's socket and restore every row, value, sequence and the search into an empty DATA_DIR", { timeout: 180_000 }, async () => {
    const client = await openDatabase({ kind: 'pglite', dataDir: seeded.dataDir }, { migrations: MIGRATION_FOLDERS });
    expect(client.sharedByServer?.pid).toBe(process.pid);
    const backup = await backupDatabase(client, backupFile).finally(() => client.close());
    expect(backup.rows.escalations).toBe(3);
    expect(backup.rows.chunks).toBeGreaterThan(0);

    const restoredSummary = await restoreDatabase(backupFile, restoredDir, { migrationFolders: MIGRATION_FOLDERS });
    expect(restoredSummary.rows).toEqual(backup.rows);
    restored = await openDatabase({ kind: 'pglite', dataDir: restoredDir }, { migrations: MIGRATION_FOLDERS });

    expect(await tableCounts(restored)).toEqual(await tableCounts(server));
    for (const sql of [
      'SELECT id, status, question, summary, last_answer, adviser_name, resolution_note, due_at, created_at, version FROM escalations ORDER BY id',
      'SELECT id, conversation_id, role, text, citations, turn, confidence, created_at FROM messages ORDER BY id',
      'SELECT id, title, contact, tags, summary FROM documents ORDER BY id',
      'SELECT document_id, ordinal, tsv::text, title_tsv::text, embedding::text FROM chunks ORDER BY document_id, ordinal',
      'SELECT lexeme, idf FROM term_stats ORDER BY lexeme',
      'SELECT * FROM search_statistics',
      'SELECT name FROM schema_migrations ORDER BY name',
      'SELECT id, actor, action, details, at FROM audit_log ORDER BY id',
    ]) {
      expect(await rowsOf(restored, sql), sql).toEqual(await rowsOf(server, sql));
    }
    const indexes = "SELECT indexname FROM pg_indexes WHERE tablename = 'chunks' ORDER BY indexname";
    expect(await rowsOf(restored, indexes)).toEqual(await rowsOf(server, indexes));

    // Identity columns continue after the highest restored id.
    const before = await restored.query<{ id: number }>('SELECT max(id)::int AS id FROM audit_log');
    const next = await restored.query<{ id: number }>("INSERT INTO audit_log (actor, action) VALUES ('system', 'test') RETURNING id::int AS id");
    expect(next.rows[0]!.id).toBeGreaterThan(before.rows[0]!.id);

    const embedder = createLocalEmbedder({ dimensions: LOCAL_EMBEDDING_DIMENSIONS });
    const search = async (db: Db) => (await searchLibrary({ db, embedder }, QUESTION, { audience: 'internal' })).map((hit) => [hit.documentId, hit.chunkId]);
    const hits = await search(restored);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits).toEqual(await search(server));
  });

  it('should refuse a DATA_DIR that is not empty, in one line', async () => {
    await expect(restoreDatabase(backupFile, seeded.dataDir, { migrationFolders: MIGRATION_FOLDERS })).rejects.toThrow(BackupRefusedError);
    await expect(restoreDatabase(backupFile, seeded.dataDir, { migrationFolders: MIGRATION_FOLDERS })).rejects.toThrow(/^DATA_DIR \(.*\) er ikke tom; [^\n]*$/);
  });

  it('should refuse a backup that was cut off and leave DATA_DIR empty', async () => {
    const whole = zlib.gunzipSync(fs.readFileSync(backupFile)).toString('utf8').split('\n');
    const cut = path.join(work, 'cut.jsonl.gz');
    fs.writeFileSync(cut, zlib.gzipSync(whole.slice(0, Math.floor(whole.length / 2)).join('\n')));
    const target = path.join(work, 'from-cut');
    await expect(restoreDatabase(cut, target, { migrationFolders: MIGRATION_FOLDERS })).rejects.toThrow(/slutter for tidligt/);
    expect(fs.readdirSync(target)).toEqual([]);
  }, 120_000);

  it('should run as commands: backup while the server runs, restore refusing a non-empty DATA_DIR with a Danish line', { timeout: 180_000 }, async () => {
    const env = { ...process.env, DATA_DIR: seeded.dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' };
    const file = path.join(work, 'cli.jsonl.gz');
    const backup = await execFileAsync(tsx, ['bin/backup.ts', file], { cwd: ROOT, env });
    expect(backup.stdout).toMatch(/^Sikkerhedskopi skrevet til .*cli\.jsonl\.gz gennem den kørende server \(pid \d+\): \d+ rækker i \d+ tabeller \(documents \d+, chunks \d+, conversations 3, messages \d+, escalations 3, advisers 1\)\.$/m);
    expect(fs.existsSync(file)).toBe(true);

    const refused = await execFileAsync(tsx, ['bin/restore.ts', file], { cwd: ROOT, env }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused?.code).toBe(1);
    expect(refused?.stderr.trim()).toMatch(/^Fejl: DATA_DIR \(.*\) er ikke tom; [^\n]*$/);

    const postgres = await execFileAsync(tsx, ['bin/restore.ts', file], { cwd: ROOT, env: { ...env, DATABASE_URL: 'postgres://x@127.0.0.1:1/x' } }).then(
      () => undefined,
      (error: { stderr: string }) => error,
    );
    expect(postgres?.stderr.trim()).toMatch(/^Fejl: DATABASE_URL er sat: gendan PostgreSQL med pg_restore/);
  });
});
