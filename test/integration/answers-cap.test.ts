/**
 * Issue 12 ("many users at once"): with every slot of the answers-in-progress cap taken by answers that are still
 * being written, a new web question is refused with 503 and Retry-After at once, against the real engine, a real
 * database (its rate-limit counter included) and a model that answers only when the test lets it.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebApp } from '../../adapters/web/index.js';
import { createEngine } from '../../bot/index.js';
import type { ChatModel } from '../../bot/llm/index.js';
import { silentLogger } from '../../config/logger.js';
import type { KnowledgeBase } from '../../knowledge/index.js';
import { openEngineKnowledge } from '../support/engine-harness.js';
import { testDatabases } from '../support/test-databases.js';

/** A model that writes nothing until `release()`: each call waits in `waiting`. */
function heldModel(): ChatModel & { waiting: number; release(): void } {
  const gates: Array<() => void> = [];
  let open = false;
  const held = () => (open ? Promise.resolve() : new Promise<void>((resolve) => gates.push(resolve)));
  const answer = 'Hverdagsrehabilitering er afprøvet i flere kommuner [1].';
  return {
    modelId: 'fake:held',
    get waiting() {
      return gates.length;
    },
    release() {
      open = true;
      for (const gate of gates.splice(0)) gate();
    },
    async complete() {
      await held();
      return answer;
    },
    async *stream() {
      await held();
      yield answer;
    },
    async structured(): Promise<never> {
      throw new Error('not used');
    },
  };
}

describe.each(testDatabases)('the cap on answers in progress ($name)', (target) => {
  let knowledge: KnowledgeBase;
  beforeAll(async () => {
    knowledge = await openEngineKnowledge(target);
  }, 120_000);
  afterAll(async () => {
    await knowledge?.close();
  });

  it('should refuse a new question with 503 and Retry-After while the answers in progress are still being written', async () => {
    const model = heldModel();
    const engine = createEngine({ knowledge, chatModel: model, logger: silentLogger, rateLimitPerMinute: 1_000 });
    const server: Server = await new Promise((resolve) => {
      const s = createWebApp({ engine, db: knowledge.db, maxAnswersInProgress: 2 }).listen(0, '127.0.0.1', () => resolve(s));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/chat`;
    const ask = (text: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', cookie: `kc_uid=${randomUUID()}` }, body: JSON.stringify({ text }) });
    try {
      const first = ask('Hvem har arbejdet med hverdagsrehabilitering?');
      const second = ask('Hvilke kommuner har prøvet hverdagsrehabilitering?');
      while (model.waiting < 2) await new Promise((resolve) => setTimeout(resolve, 5));

      const refused = await ask('Hvem har erfaring med klimatilpasning?');
      expect(model.waiting).toBe(2); // refused while both answers were still held in the model
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('unavailable');

      model.release();
      expect((await first).status).toBe(200);
      expect((await second).status).toBe(200);
      expect((await ask('Hvem har erfaring med klimatilpasning?')).status).toBe(200);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
