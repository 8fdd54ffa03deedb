/**
 * `npm run build` + `npm run start:prod`: the TypeScript compiled with tsconfig.build.json and the run-time assets
 * copied beside it (scripts/build.ts) start as a plain `node` program that serves the chat page, answers a
 * question and shuts down cleanly. Built into .tmp/ inside the project so the compiled code finds node_modules.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledServer, PROJECT_ROOT, spawnServer, type SpawnedServer } from '../../scripts/lib/spawn-server.js';
import { seededDataDir, type SeededDataDir } from '../support/seeded-data-dir.js';

const OUT_DIR = path.join(PROJECT_ROOT, '.tmp', `dist-test-${process.pid}`);

describe('the compiled server (npm run build, npm run start:prod)', () => {
  let data: SeededDataDir;
  let server: SpawnedServer | undefined;

  beforeAll(async () => {
    const build = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/build.ts', OUT_DIR], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    });
    expect(build.status, build.stdout + build.stderr).toBe(0);
    data = await seededDataDir('kc-compiled-');
  }, 180_000);
  afterAll(async () => {
    await server?.kill();
    data?.remove();
    fs.rmSync(OUT_DIR, { recursive: true, force: true });
  });

  it('should start with node alone, serve the page, answer a question and exit 0 on SIGTERM', async () => {
    server = await spawnServer({ args: compiledServer(OUT_DIR), env: { DATA_DIR: data.dataDir, EMBEDDING_PROVIDER: 'local', LOG_LEVEL: 'warn' } });
    await server.ready();

    const page = await fetch(`${server.baseUrl}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');

    const answer = await fetch(`${server.baseUrl}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Hvilke kommuner har arbejdet med hverdagsrehabilitering?' }),
    });
    expect(answer.status).toBe(200);
    const reply = (await answer.json()) as { text: string; citations?: unknown[] };
    expect(reply.text.length).toBeGreaterThan(20);

    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
  }, 180_000);
});
