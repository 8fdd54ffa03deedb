/**
 * The embedded database has exactly one writer: the process holding DATA_DIR's lock. Real processes on one folder:
 * a second server is refused with the folder and the running process named; `npm run advisers` works while the
 * server runs (through the server's socket, so its token is accepted at once); a command is refused while another
 * command holds the folder, and writes nothing; the lock of a process that was killed is taken over.
 * (DATA_DIR is the embedded database only; with DATABASE_URL no lock is taken.)
 * The same running server (`startServer`, every channel as configured by default) also shows issue 10's other trust
 * boundaries end to end: a forged Teams activity is refused with 401 and nothing is sent to its serviceUrl, and a
 * second browser posting to another browser's conversation gets 403 while the owner carries on.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type StartedServer } from '../../adapters/server.js';
import { loadConfig } from '../../config/env.js';
import { runIngest } from '../../ingest/run-ingest.js';
import { openDatabase, openKnowledgeBase, openPgliteDb } from '../../knowledge/index.js';
import { LOCK_FILE } from '../../knowledge/db/data-dir-lock.js';
import { FIXTURE_LIBRARY, ROOT } from '../support/library-fixture.js';
import { ensurePgliteTemplate } from '../support/pglite-template.js';
import { freePort } from '../../scripts/lib/free-port.js';

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript entry point as its own process, as `npm run …` does. */
function runProcess(args: string[], env: NodeJS.ProcessEnv): { done: Promise<Finished>; pid?: number; kill(signal: NodeJS.Signals): void; output(): string } {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  // Not a speed check: a process that never ends (a second server that starts anyway) must fail the test, not hang it.
  const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const done = new Promise<Finished>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    }),
  );
  return { done, pid: child.pid, kill: (signal) => child.kill(signal), output: () => stdout };
}

async function waitForOutput(run: ReturnType<typeof runProcess>, text: string): Promise<void> {
  let exited = false;
  void run.done.then(() => (exited = true));
  while (!run.output().includes(text)) {
    if (exited) throw new Error(`the process ended before printing "${text}": ${(await run.done).stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}


const tokenIn = (text: string) => /kca_[A-Za-z0-9_-]{43}/.exec(text)?.[0];

describe('one writer per DATA_DIR, with real processes', () => {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-single-writer-'));
  const dataDir = path.join(parent, 'data');
  const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', OPENAI_API_KEY: '', LOG_LEVEL: 'silent', USER: 'ops' };

  beforeAll(async () => {
    // A migrated database with one document, so the server has nothing to seed (the sample library takes long).
    const template = new Blob([fs.readFileSync(await ensurePgliteTemplate())]);
    await (await openPgliteDb(dataDir, { loadDataDir: template })).close();
    const knowledge = await openKnowledgeBase(loadConfig(env));
    await runIngest(knowledge, { inputs: [path.join(FIXTURE_LIBRARY, 'cases/fredericia-hverdagsrehabilitering.md')] });
    await knowledge.close();
  });
  afterAll(() => fs.rmSync(parent, { recursive: true, force: true }));

  describe('while the server runs', () => {
    let server: StartedServer;
    beforeAll(async () => {
      server = await startServer({ ...env, PORT: await freePort(), DRAFTS_DIR: path.join(parent, 'drafts') });
    });
    afterAll(async () => {
      await server?.close();
    });

    it('should refuse a second server on the same folder with one line naming the folder and the running process', { timeout: 150_000 }, async () => {
      const second = await runProcess(['adapters/server.ts'], { ...env, PORT: await freePort() }).done;
      expect(second.code).toBe(1);
      const lines = second.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(dataDir);
      expect(lines[0]).toContain(`pid ${process.pid}`);
      expect(lines[0]).toMatch(/^Kan ikke starte: .*i brug af en anden proces/);
    });

    it('should let `advisers add` create an adviser whose token the running server accepts at once, and `advisers list` show it', { timeout: 150_000 }, async () => {
      const added = await runProcess(['bin/advisers.ts', 'add', '--name', 'Samtidig Rådgiver', '--email', 'samtidig@kraftcenter.dk'], env).done;
      expect(added.code, added.stderr).toBe(0);
      const token = tokenIn(added.stdout)!;
      expect(token).toBeDefined();

      const asAdviser = await fetch(new URL('/api/escalations?status=open', server.url), { headers: { authorization: `Bearer ${token}` } });
      expect(asAdviser.status).toBe(200);
      const stranger = await fetch(new URL('/api/escalations?status=open', server.url), { headers: { authorization: `Bearer ${token}x` } });
      expect(stranger.status).toBe(401);

      const listed = await runProcess(['bin/advisers.ts', 'list'], env).done;
      expect(listed.code, listed.stderr).toBe(0);
      expect(listed.stdout).toContain('Samtidig Rådgiver <samtidig@kraftcenter.dk>');
      expect((await server.runtime.advisers.findByEmail('samtidig@kraftcenter.dk'))?.enabled).toBe(true);
    });

    it('should answer 401 to a forged Teams activity (no credentials, no emulator) and send nothing to its serviceUrl', async () => {
      let reached = 0;
      const victim = http.createServer((_req, res) => {
        reached += 1;
        res.end('{}');
      });
      await new Promise<void>((resolve) => victim.listen(0, '127.0.0.1', resolve));
      try {
        const serviceUrl = `http://127.0.0.1:${(victim.address() as net.AddressInfo).port}/`;
        const forged = await fetch(new URL('/api/messages', server.url), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            type: 'message',
            id: 'forged-1',
            text: 'Hvem har lavet hverdagsrehabilitering?',
            serviceUrl,
            channelId: 'msteams',
            from: { id: '29:forged', aadObjectId: '00000000-0000-0000-0000-000000000001' },
            recipient: { id: '28:bot' },
            conversation: { id: 'a:forged', conversationType: 'personal' },
          }),
        });
        expect(forged.status).toBe(401);
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(reached).toBe(0);
      } finally {
        await new Promise((resolve) => victim.close(resolve));
      }
    });

    it("should answer 403 to a second browser posting to another browser's conversation, and keep answering the owner", { timeout: 60_000 }, async () => {
      const conversationId = randomUUID();
      const chat = (cookie: string, text: string) =>
        fetch(new URL('/api/chat', server.url), {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify({ conversationId, text }),
        });
      const owner = `kc_uid=${randomUUID()}`;
      expect((await chat(owner, 'Hvem har arbejdet med hverdagsrehabilitering?')).status).toBe(200);
      const intruder = await chat(`kc_uid=${randomUUID()}`, 'hvem kan jeg kontakte?');
      expect(intruder.status).toBe(403);
      expect((await chat(owner, 'hvem kan jeg kontakte?')).status).toBe(200);
    });
  });

  it('should refuse a command while another command holds the folder, naming it, and write nothing', { timeout: 150_000 }, async () => {
    const holder = runProcess(['test/integration/single-writer-holder.ts'], env);
    await waitForOutput(holder, 'holding');
    const refused = await runProcess(['bin/advisers.ts', 'add', '--name', 'Afvist', '--email', 'afvist@kraftcenter.dk'], env).done;
    holder.kill('SIGTERM');
    expect((await holder.done).code).toBe(0);

    expect(refused.code).toBe(1);
    expect(refused.stdout).not.toMatch(/kca_|oprettet/);
    expect(refused.stderr.trim()).toMatch(new RegExp(`^Fejl: databasen i ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} er i brug af en anden proces \\(pid ${holder.pid}:`));
    const db = await openDatabase({ kind: 'pglite', dataDir });
    try {
      expect((await db.query("SELECT 1 FROM advisers WHERE email = 'afvist@kraftcenter.dk'")).rows).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('should take over the lock of a process that was killed', { timeout: 150_000 }, async () => {
    const holder = runProcess(['test/integration/single-writer-holder.ts'], env);
    await waitForOutput(holder, 'holding');
    holder.kill('SIGKILL');
    await holder.done;
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')).pid).toBe(holder.pid);

    const db = await openDatabase({ kind: 'pglite', dataDir });
    try {
      expect(JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
      expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  });
});
