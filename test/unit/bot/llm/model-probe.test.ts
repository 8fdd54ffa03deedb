/**
 * The model probe behind /readyz: it asks the configured server's `GET /models` with the key, says what is wrong
 * without the key or the URL, and asks at most once per interval (an injected clock, no waiting).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createModelProbe } from '../../../../bot/llm/model-probe.js';
import type { OpenAIConfig } from '../../../../config/env.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../../fakes/fake-openai-server.js';

const KEY = 'sk-test-secret-key';

describe('createModelProbe', () => {
  let fake: FakeOpenAI;
  let clock: number;
  const config = (): OpenAIConfig => ({ apiKey: KEY, baseURL: fake.baseURL, chatModel: 'gpt-4o-mini', timeoutMs: 30_000 });
  const probeOn = (openai: OpenAIConfig) => createModelProbe(openai, { now: () => clock });

  beforeEach(async () => {
    fake = await startFakeOpenAI();
    clock = Date.parse('2026-01-05T10:00:00Z');
  });
  afterEach(async () => {
    await fake.close().catch(() => undefined);
  });

  it('should report the model ok after one GET /models with the key', async () => {
    const result = await probeOn(config()).check();
    expect(result).toMatchObject({ ok: true });
    expect(result.checkedAt.getTime()).toBe(clock);
    const requests = fake.requestsTo('/v1/models');
    expect(requests).toHaveLength(1);
    expect(requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('should ask the model again only after 30 s, sharing the answer in between', async () => {
    const probe = probeOn(config());
    await Promise.all([probe.check(), probe.check()]);
    clock += 29_999;
    await probe.check();
    expect(fake.requestsTo('/v1/models')).toHaveLength(1);
    clock += 1;
    await probe.check();
    expect(fake.requestsTo('/v1/models')).toHaveLength(2);
  });

  it('should report a server that cannot be reached, without the key or the URL, and keep that answer for 30 s', async () => {
    const openai = config();
    await fake.close();
    let calls = 0;
    const probe = createModelProbe(openai, { now: () => clock, fetch: (input, init) => (calls++, fetch(input, init)) });
    const result = await probe.check();
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(/Sprogmodellen kan ikke nås \(ECONNREFUSED\)/);
    expect(result.detail).not.toContain(KEY);
    expect(result.detail).not.toContain('127.0.0.1');
    clock += 10_000;
    expect((await probe.check()).ok).toBe(false);
    expect(calls).toBe(1);
  });

  it.each([
    [401, false, /afviser nøglen \(HTTP 401\)/],
    [503, false, /svarer med en fejl \(HTTP 503\)/],
    [404, true, undefined],
  ])('should read HTTP %i from GET /models as ok=%s', async (status, ok, detail) => {
    const server = http.createServer((_req, res) => res.writeHead(status, { 'content-type': 'application/json' }).end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
      const result = await probeOn({ ...config(), baseURL }).check();
      expect(result.ok).toBe(ok);
      if (detail) expect(result.detail).toMatch(detail);
      else expect(result.detail).toBeUndefined();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
