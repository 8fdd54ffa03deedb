/**
 * Graceful shutdown of the real server, started as `npm start` starts it (tsx, its own process, a temporary DATA_DIR
 * and a free PORT). The answer is made slow by the fake OpenAI server's delay: SIGTERM while it is being written lets
 * it finish (the client gets the whole reply), takes no new connection, and the process exits 0 after logging each
 * step; a second signal exits at once with 143 (128 + SIGTERM).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer, TSX_SERVER, type SpawnedServer } from '../../scripts/lib/spawn-server.js';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai-server.js';
import { seededDataDir, type SeededDataDir } from '../support/seeded-data-dir.js';

const QUESTION = 'Hvilke kommuner har arbejdet med hverdagsrehabilitering?';
/** Each model call waits this long: the answer is in progress while the test sends its signals. */
const MODEL_DELAY_MS = 1_500;

describe('the server on SIGTERM', () => {
  let fake: FakeOpenAI;
  let data: SeededDataDir;
  let server: SpawnedServer | undefined;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    fake.onChat(() => ({ delayMs: MODEL_DELAY_MS, content: 'Fredericia Kommune har arbejdet med hverdagsrehabilitering [1].' }));
    data = await seededDataDir('kc-shutdown-');
  });
  afterEach(async () => {
    await server?.kill();
    server = undefined;
    fake.requests.length = 0;
  });
  afterAll(async () => {
    await fake?.close();
    data?.remove();
  });

  async function startWithSlowModel(): Promise<SpawnedServer> {
    const started = await spawnServer({
      args: TSX_SERVER,
      env: {
        DATA_DIR: data.dataDir, OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseURL, EMBEDDING_PROVIDER: 'local',
        LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: '60000',
      },
    });
    await started.ready();
    return started;
  }

  /** Asks a question and resolves once the model is writing its answer (the request is in progress). */
  async function askSlowly(started: SpawnedServer): Promise<{ response: Promise<Response> }> {
    const before = fake.requestsTo('/v1/chat/completions').length;
    const response = fetch(`${started.baseUrl}/api/chat`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: QUESTION }),
    });
    response.catch(() => undefined);
    while (fake.requestsTo('/v1/chat/completions').length === before) await new Promise((resolve) => setTimeout(resolve, 20));
    return { response };
  }

  it('should finish the answer in progress, take no new connection, log each step and exit 0', async () => {
    server = await startWithSlowModel();
    const { response: answer } = await askSlowly(server);
    server.child.kill('SIGTERM');
    await server.waitForOutput(/shutdown: SIGTERM received/);

    // No new connection while the answer finishes.
    await server.waitForOutput(/shutdown: \/readyz answers 503/);
    await expect(fetch(`${server.baseUrl}/livez`)).rejects.toThrow();

    const response = await answer;
    expect(response.status).toBe(200);
    const reply = (await response.json()) as { text: string; replyId: string };
    expect(reply.replyId).toBeTruthy();
    expect(reply.text.length).toBeGreaterThan(20);

    expect(await server.exited).toEqual({ code: 0, signal: null });
    const log = server.output();
    const steps = [/shutdown: SIGTERM received/, /shutdown: \/readyz answers 503/, /shutdown: channel web stopped/, /shutdown: HTTP server closed/, /shutdown: outbox dispatcher stopped/, /shutdown: database closed/, /shutdown: done, exiting with code 0/];
    const positions = steps.map((step) => log.search(step));
    expect(positions.every((position) => position >= 0), log).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('should exit at once with 143 on a second SIGTERM, without waiting for the answer', async () => {
    server = await startWithSlowModel();
    const { response: answer } = await askSlowly(server);
    server.child.kill('SIGTERM');
    await server.waitForOutput(/shutdown: SIGTERM received/);
    server.child.kill('SIGTERM');

    expect(await server.exited).toEqual({ code: 143, signal: null });
    expect(server.output()).toMatch(/shutdown: second signal \(SIGTERM\) after SIGTERM: exiting at once with code 143/);
    await expect(answer).rejects.toThrow();
  });
});
