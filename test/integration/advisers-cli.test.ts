/**
 * `npm run advisers`: the commands against a real store, and once end to end as a child process (the token is
 * printed once; only its hash reaches the database).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADVISERS_USAGE, runAdvisersCommand } from '../../bin/advisers.js';
import { createAdviserStore, hashSecret, type AdviserStore } from '../../bot/advisers/index.js';
import { openDatabase, openPgliteDb } from '../../knowledge/index.js';
import type { Db } from '../../knowledge/db/db.js';
import { UsageError } from '../../bin/lib/run-cli.js';
import { ROOT } from '../support/library-fixture.js';
import { ensurePgliteTemplate } from '../support/pglite-template.js';
import { testDatabases } from '../support/test-databases.js';
import { createTestService, openQueued } from '../unit/bot/escalation/escalation-fixture.js';

describe.each(testDatabases)('npm run advisers on $name', (target) => {
  let db: Db;
  let store: AdviserStore;
  let lines: string[];
  const run = (...argv: string[]) => {
    lines = [];
    return runAdvisersCommand(argv, { store, print: (line) => lines.push(line), actor: 'cli:tester' });
  };
  const tokenIn = (output: string[]) => output.map((l) => l.trim()).find((l) => l.startsWith('kca_'));

  beforeAll(async () => {
    db = await target.open();
    store = createAdviserStore(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('should say how many escalations `disable` returned to the queue, audited with the operator as actor', async () => {
    expect(await run('add', '--name', 'Karen Rådgiver', '--email', 'karen@kraftcenter.dk')).toBe(0);
    const karen = (await store.findByEmail('karen@kraftcenter.dk'))!;
    const service = createTestService(db);
    const opened = await openQueued(db, service);
    expect((await service.claim(opened.id, { id: karen.id, name: karen.name, email: karen.email })).ok).toBe(true);

    expect(await run('disable', '--email', 'karen@kraftcenter.dk')).toBe(0);
    expect(lines.join('\n')).toMatch(/1 henvendelse sendt tilbage i køen/);
    expect((await service.get(opened.id))?.status).toBe('queued');
    const { rows } = await db.query<{ actor: string }>("SELECT actor FROM audit_log WHERE escalation_id = $1 AND action = 'returned_to_queue'", [opened.id]);
    expect(rows).toEqual([{ actor: 'cli:tester' }]);
  });

  it('should add an adviser, print the token once and audit it', async () => {
    expect(await run('add', '--name', 'Mette Rådgiver', '--email', 'mette@kraftcenter.dk')).toBe(0);
    const token = tokenIn(lines)!;
    expect(token).toMatch(/^kca_[A-Za-z0-9_-]{43}$/);
    expect(lines.join('\n')).toMatch(/vises kun denne ene gang/);
    expect((await store.authenticate(token))?.email).toBe('mette@kraftcenter.dk');
    expect(await run('list')).toBe(0);
    expect(lines.join('\n')).toContain('Mette Rådgiver <mette@kraftcenter.dk>');
    expect(lines.join('\n')).not.toContain(token);
    const { rows } = await db.query<{ action: string; actor: string }>("SELECT action, actor FROM audit_log WHERE actor = 'cli:tester'");
    expect(rows).toContainEqual({ action: 'adviser.created', actor: 'cli:tester' });
  });

  it('should rotate the token, disable and enable, link Slack, and list as JSON', async () => {
    await run('add', '--name', 'Jonas', '--email', 'jonas@kraftcenter.dk');
    const first = tokenIn(lines)!;
    expect(await run('rotate', '--email', 'JONAS@kraftcenter.dk')).toBe(0);
    const second = tokenIn(lines)!;
    expect(second).not.toBe(first);
    expect(await store.authenticate(first)).toBeUndefined();
    expect(await run('disable', '--email', 'jonas@kraftcenter.dk')).toBe(0);
    expect((await store.findByEmail('jonas@kraftcenter.dk'))?.enabled).toBe(false);
    expect(await run('enable', '--email', 'jonas@kraftcenter.dk')).toBe(0);
    expect(await run('link-slack', '--email', 'jonas@kraftcenter.dk', '--slack-user', 'U0JONAS1')).toBe(0);
    expect(await run('link-teams', '--email', 'jonas@kraftcenter.dk', '--teams-user', '8f2c1a9e-0000-4000-8000-00000000abcd')).toBe(0);
    expect(await run('list', '--json')).toBe(0);
    const listed = JSON.parse(lines[0]!) as Array<{ email: string; slackUserId?: string; enabled: boolean }>;
    expect(listed.find((a) => a.email === 'jonas@kraftcenter.dk')).toMatchObject({ slackUserId: 'U0JONAS1', teamsUserId: '8f2c1a9e-0000-4000-8000-00000000abcd', enabled: true });
    const { rows } = await db.query<{ action: string }>("SELECT action FROM audit_log WHERE actor = 'cli:tester' ORDER BY id");
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['adviser.token_rotated', 'adviser.disabled', 'adviser.enabled', 'adviser.slack_linked', 'adviser.teams_linked']));
  });

  it('should explain missing flags, unknown commands and unknown e-mails', async () => {
    await expect(run('add', '--name', 'Uden mail')).rejects.toThrow(UsageError);
    await expect(run('fly')).rejects.toThrow(/ukendt kommando/);
    await expect(run('disable', '--email', 'nobody@kraftcenter.dk')).rejects.toThrow(/ingen rådgiver/);
    await expect(run('rotate', '--email', 'nobody@kraftcenter.dk')).rejects.toThrow(/ingen rådgiver/);
    expect(await run()).toBe(1);
    expect(lines[0]).toBe(ADVISERS_USAGE);
  });
});

describe('npm run advisers as a process', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-advisers-cli-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('should print the token once and store only its sha256', { timeout: 120_000 }, async () => {
    // Start from the migrated template, so the child process skips initdb.
    const template = new Blob([fs.readFileSync(await ensurePgliteTemplate())]);
    await (await openPgliteDb(dataDir, { loadDataDir: template })).close();
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent', USER: 'ops' };
    const tsx = path.join(ROOT, 'node_modules/.bin/tsx');
    const { stdout } = await promisify(execFile)(tsx, ['bin/advisers.ts', 'add', '--name', 'Proces Rådgiver', '--email', 'proces@kraftcenter.dk'], { cwd: ROOT, env });
    const token = /kca_[A-Za-z0-9_-]{43}/.exec(stdout)?.[0];
    expect(token).toBeDefined();
    expect(stdout.split(token!)).toHaveLength(2); // printed exactly once

    const db = await openDatabase({ kind: 'pglite', dataDir });
    try {
      const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM advisers');
      expect(rows).toHaveLength(1);
      expect(rows[0]!.token_hash).toBe(hashSecret(token!));
      expect(JSON.stringify(rows)).not.toContain(token);
      const audit = await db.query<{ actor: string }>('SELECT actor FROM audit_log');
      expect(audit.rows).toEqual([{ actor: 'cli:ops' }]);
    } finally {
      await db.close();
    }
  });
});
