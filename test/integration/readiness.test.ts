/**
 * The health endpoints on the real engine and web app: `/livez` answers whatever the database does; `/readyz` (and
 * its alias `/healthz`) is 200 only when the database answers and is migrated, the library is not empty and, in
 * `llm` mode, the model's server answers (asked at most every 30 s: an injected clock, no waiting); otherwise 503
 * naming the failing part, without the driver's message.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatModel, createEngine, type Engine } from '../../bot/index.js';
import { createModelProbe } from '../../bot/llm/model-probe.js';
import { createWebApp } from '../../adapters/web/index.js';
import { LOCAL_EMBEDDING_DIMENSIONS } from '../../config/env.js';
import { runIngest } from '../../ingest/run-ingest.js';
import { listMigrations } from '../../knowledge/db/migrate.js';
import { MIGRATION_FOLDERS } from '../../bot/store/migration-folders.js';
import { createLocalEmbedder, type Db } from '../../knowledge/index.js';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai-server.js';
import { knowledgeOn, recordingLogger } from '../support/engine-harness.js';
import { FIXTURE_LIBRARY } from '../support/library-fixture.js';
import { testDatabases } from '../support/test-databases.js';

interface Served {
  get(path: string): Promise<{ status: number; body: Record<string, any> }>;
  close(): Promise<void>;
}

async function serve(engine: Engine, shuttingDown?: () => boolean): Promise<Served> {
  const server = http.createServer(createWebApp({ engine, logger: recordingLogger(), shuttingDown }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    async get(route) {
      const response = await fetch(`${base}${route}`);
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    },
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

describe.each(testDatabases)('health endpoints on $name', (target) => {
  const embedder = createLocalEmbedder({ dimensions: LOCAL_EMBEDDING_DIMENSIONS });
  let db: Db;
  let web: Served;
  let newestMigration: string;

  beforeAll(async () => {
    db = await target.open();
    web = await serve(createEngine({ knowledge: knowledgeOn(db, embedder), logger: recordingLogger() }));
    newestMigration = (await listMigrations(MIGRATION_FOLDERS)).at(-1)!.name;
  });
  afterAll(async () => {
    await web?.close();
    await db?.close().catch(() => undefined);
  });

  it('should answer 503 naming the library while it is empty, and 200 once it is ingested', async () => {
    const empty = await web.get('/readyz');
    expect(empty.status).toBe(503);
    expect(empty.body).toMatchObject({ ok: false, failing: 'library', detail: expect.stringMatching(/Biblioteket er tomt.*library is empty/) });

    await runIngest({ db, embedder }, { inputs: [path.join(FIXTURE_LIBRARY, 'cases')] });
    const ready = await web.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ ok: true, database: { ok: true, migration: newestMigration }, model: { mode: 'extractive', ok: true } });
    expect(ready.body.documents).toBeGreaterThan(0);
    expect(ready.body.failing).toBeUndefined();
  });

  it('should answer /healthz exactly as /readyz', async () => {
    const [readyz, healthz] = [await web.get('/readyz'), await web.get('/healthz')];
    expect(healthz).toEqual(readyz);
  });

  it('should answer 503 naming the migrations when the newest one is not recorded', async () => {
    await db.query('DELETE FROM schema_migrations WHERE name = $1', [newestMigration]);
    try {
      const response = await web.get('/readyz');
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({ failing: 'migrations', detail: expect.stringContaining(newestMigration) });
    } finally {
      await db.query('INSERT INTO schema_migrations (name) VALUES ($1)', [newestMigration]);
    }
    expect((await web.get('/readyz')).status).toBe(200);
  });

  it('should answer 503 naming the shutdown, without asking the engine, once the server shuts down', async () => {
    let stopping = false;
    const probed = { count: 0 };
    const engine = createEngine({ knowledge: knowledgeOn(db, embedder), logger: recordingLogger() });
    const counted: Engine = { ...engine, health: () => (probed.count++, engine.health()) };
    const shutting = await serve(counted, () => stopping);
    try {
      expect((await shutting.get('/readyz')).status).toBe(200);
      stopping = true;
      const response = await shutting.get('/readyz');
      expect(response.status).toBe(503);
      expect(response.body).toEqual({ ok: false, failing: 'shutdown', detail: 'Serveren lukker ned / the server is shutting down' });
      expect(probed.count).toBe(1);
      expect((await shutting.get('/livez')).status).toBe(200);
    } finally {
      await shutting.close();
    }
  });

  describe('in llm mode', () => {
    let fake: FakeOpenAI;
    let clock = Date.parse('2026-01-05T10:00:00Z');
    let probes = 0;
    let llm: Served;

    beforeAll(async () => {
      fake = await startFakeOpenAI();
      const openai = { apiKey: 'sk-test', baseURL: fake.baseURL, chatModel: 'gpt-4o-mini', timeoutMs: 30_000 };
      const modelProbe = createModelProbe(openai, { now: () => clock, fetch: (input, init) => (probes++, fetch(input, init)) });
      const engine = createEngine({ knowledge: knowledgeOn(db, embedder), logger: recordingLogger(), chatModel: createChatModel(openai), modelProbe });
      llm = await serve(engine);
    });
    afterAll(async () => {
      await llm?.close();
      await fake?.close().catch(() => undefined);
    });

    it('should answer 200 when the model answers, asking it once in 30 s', async () => {
      const first = await llm.get('/readyz');
      expect(first.status).toBe(200);
      expect(first.body.model).toMatchObject({ mode: 'llm', ok: true, checkedAt: new Date(clock).toISOString() });
      await llm.get('/readyz');
      await llm.get('/healthz');
      expect(fake.requestsTo('/v1/models')).toHaveLength(1);
    });

    it('should answer 503 naming the model when it is down, asking it again only after 30 s', async () => {
      await fake.close();
      clock += 10_000;
      expect((await llm.get('/readyz')).status).toBe(200); // the answer of 10 s ago still stands
      expect(probes).toBe(1);

      clock += 20_000;
      const down = await llm.get('/readyz');
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ ok: false, failing: 'model', model: { mode: 'llm', ok: false }, detail: expect.stringMatching(/Sprogmodellen kan ikke nås.*model cannot be reached/) });
      expect(JSON.stringify(down.body)).not.toMatch(/sk-test|127\.0\.0\.1/);
      for (let i = 0; i < 3; i++) expect((await llm.get('/readyz')).status).toBe(503);
      expect(probes).toBe(2);
    });
  });

  // Last: it closes the database.
  it('should answer /livez 200 and /readyz and /healthz 503 naming the database once it is closed', async () => {
    await db.close();
    const live = await web.get('/livez');
    expect(live).toEqual({ status: 200, body: { ok: true } });
    const ready = await web.get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ ok: false, failing: 'database', detail: 'Databasen svarer ikke / the database does not answer', database: { ok: false } });
    expect(await web.get('/healthz')).toEqual(ready);
  });
});
