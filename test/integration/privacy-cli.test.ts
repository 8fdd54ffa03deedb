/**
 * `npm run privacy`: the commands against both databases, and once as a process of its own while a server holds the
 * embedded database (the command then goes through the server's socket).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIVACY_USAGE, runPrivacyCommand } from '../../bin/privacy.js';
import { UsageError } from '../../bin/lib/run-cli.js';
import { MIGRATION_FOLDERS } from '../../bot/store/migration-folders.js';
import { appendMessage, upsertConversation } from '../../bot/store/conversation-store.js';
import { openDatabase, openPgliteDb, type Db } from '../../knowledge/index.js';
import { ROOT } from '../support/library-fixture.js';
import { ensurePgliteTemplate } from '../support/pglite-template.js';
import { testDatabases } from '../support/test-databases.js';

const NOW = new Date('2026-06-01T12:00:00Z');

async function seedVisitor(db: Db, user: string, at?: string): Promise<string> {
  const conversation = await upsertConversation(db, { channel: 'web', conversationId: randomUUID(), user: { id: user, audience: 'public', anonymous: true } }, 'da');
  await appendMessage(db, conversation.id, { role: 'user', text: 'Hvem har prøvet velfærdsteknologi?', authorId: user });
  await appendMessage(db, conversation.id, { role: 'bot', text: 'Odense har [1].' });
  if (at) {
    await db.query('UPDATE conversations SET updated_at = $2, created_at = $2 WHERE id = $1', [conversation.id, at]);
    await db.query('UPDATE messages SET created_at = $2 WHERE conversation_id = $1', [conversation.id, at]);
  }
  return conversation.id;
}

describe.each(testDatabases)('npm run privacy on $name', (target) => {
  let db: Db;
  let lines: string[];
  const files = new Map<string, string>();
  const run = (...argv: string[]) => {
    lines = [];
    return runPrivacyCommand(argv, {
      db,
      print: (line) => lines.push(line),
      writeFile: async (file, text) => void files.set(file, text),
      actor: 'cli:tester',
      retentionDays: 180,
      now: () => NOW,
    });
  };

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => db?.close());

  it('should print per table what would go and delete nothing with --dry-run, then delete it without', async () => {
    const old = await seedVisitor(db, randomUUID(), '2025-11-01T00:00:00Z');
    expect(await run('purge', '--dry-run')).toBe(0);
    const output = lines.join('\n');
    expect(output).toMatch(/Opbevaringstid 180 dage \(RETENTION_DAYS\)/);
    expect(output).toMatch(/prøvekørsel, intet er ændret/);
    expect(output).toMatch(/conversations\s+1\b/);
    expect(output).toMatch(/messages\s+2\b/);
    expect((await db.query('SELECT 1 FROM conversations WHERE id = $1', [old])).rows).toHaveLength(1);

    expect(await run('purge')).toBe(0);
    expect(lines.join('\n')).toMatch(/^Slettet:/m);
    expect((await db.query('SELECT 1 FROM conversations WHERE id = $1', [old])).rows).toHaveLength(0);
  });

  it('should write the export to --out and erase the same person', async () => {
    const user = randomUUID();
    const conversation = await seedVisitor(db, user);
    expect(await run('export', '--user', `web:${user}`, '--out', 'person.json')).toBe(0);
    expect(lines.join('\n')).toMatch(/^\d+ rækker om bruger .* skrevet til person\.json\.$/);
    const exported = JSON.parse(files.get('person.json')!);
    expect(exported).toMatchObject({ format: 'kraftcenter-privacy-export', person: { userIds: [user] } });
    expect(exported.tables.messages).toHaveLength(2);

    expect(await run('erase', '--user', `web:${user}`)).toBe(0);
    expect(lines.join('\n')).toMatch(/conversations\s+1\b/);
    expect((await db.query('SELECT 1 FROM conversations WHERE id = $1', [conversation])).rows).toHaveLength(0);
    expect(await run('erase', '--user', `web:${user}`)).toBe(0);
    expect(lines[0]).toMatch(/^Intet gemt om bruger .*; intet slettet\.$/);
  });

  it('should explain a missing --user, an unknown command and an e-mail no adviser has', async () => {
    await expect(run('export')).rejects.toThrow(UsageError);
    await expect(run('forget')).rejects.toThrow(/ukendt kommando: forget/);
    await expect(run('export', '--user', 'nobody@example.dk')).rejects.toThrow(/^ingen rådgiver har e-mailen nobody@example\.dk; brugere kendes på deres id/);
    expect(await run('--help')).toBe(0);
    expect(lines).toEqual([PRIVACY_USAGE]);
  });
});

describe('npm run privacy as a process while the server holds the embedded database', () => {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-privacy-cli-'));
  const dataDir = path.join(parent, 'data');
  let server: Db;
  beforeAll(async () => {
    const template = new Blob([fs.readFileSync(await ensurePgliteTemplate())]);
    await (await openPgliteDb(dataDir, { loadDataDir: template })).close();
    server = await openDatabase({ kind: 'pglite', dataDir }, { share: true, migrations: MIGRATION_FOLDERS });
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(parent, { recursive: true, force: true });
  });

  it("should export and erase through the server's socket, and the server sees the erasure at once", { timeout: 120_000 }, async () => {
    const user = randomUUID();
    const conversation = await seedVisitor(server, user);
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent', USER: 'ops' };
    const tsx = path.join(ROOT, 'node_modules/.bin/tsx');
    const out = path.join(parent, 'export.json');
    await promisify(execFile)(tsx, ['bin/privacy.ts', 'export', '--user', user, '--out', out], { cwd: ROOT, env });
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).tables.conversations).toHaveLength(1);

    const { stdout } = await promisify(execFile)(tsx, ['bin/privacy.ts', 'erase', '--user', `web:${user}`], { cwd: ROOT, env });
    expect(stdout).toMatch(/conversations\s+1\b/);
    expect((await server.query('SELECT 1 FROM conversations WHERE id = $1', [conversation])).rows).toHaveLength(0);
    const audit = await server.query<{ actor: string }>("SELECT actor FROM audit_log WHERE action = 'privacy_erased'");
    expect(audit.rows).toEqual([{ actor: 'cli:ops' }]);
  });
});
