/**
 * Keeps `npm run bench -- load` honest: its options are checked with a message naming the bad one, and its visitors
 * (against two fake instances) spread requests round-robin, ask a refused question again after Retry-After, and the
 * summary counts each kind of failure apart from the answers.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyTexts } from '../../bot/answer/index.js';
import { loadBenchOptions, loadBenchQuestions } from '../../scripts/bench/load-bench.js';
import { runConversations, summariseLoad } from '../../scripts/bench/load-clients.js';

describe('loadBenchOptions', () => {
  it('should default to one instance on PGlite with 200 conversations, and `web` should be the same run', () => {
    const expected = { database: 'pglite', instances: [1], concurrent: 200, seconds: 20, balance: 'least-outstanding' };
    expect(loadBenchOptions('load', {}, {})).toEqual(expected);
    expect(loadBenchOptions('web', {}, {})).toEqual(expected);
  });

  it('should measure one and then two instances with 50 conversations on Postgres', () => {
    expect(loadBenchOptions('load', { database: 'postgres' }, { TEST_DATABASE_URL: 'postgres://x@127.0.0.1/db' })).toEqual({
      database: 'postgres',
      instances: [1, 2],
      concurrent: 50,
      seconds: 20,
      balance: 'least-outstanding',
      url: 'postgres://x@127.0.0.1/db',
    });
  });

  it('should refuse what it cannot run with a message naming the option', () => {
    expect(() => loadBenchOptions('load', { database: 'postgres' }, {})).toThrow(/DATABASE_URL or TEST_DATABASE_URL/);
    expect(() => loadBenchOptions('load', { instances: '2' }, {})).toThrow(/--instances 1/);
    expect(() => loadBenchOptions('load', { concurrent: 'many' }, {})).toThrow(/--concurrent/);
    expect(() => loadBenchOptions('load', { seconds: '0' }, {})).toThrow(/--seconds/);
    expect(() => loadBenchOptions('load', { database: 'mysql' }, {})).toThrow(/--database/);
  });
});

describe('loadBenchQuestions', () => {
  it('should ask the original and tuning questions, never a held-back one or a request for a person', async () => {
    const { loadQuestions } = await import('../../test/eval/evaluate-retrieval.js');
    const { QUESTION_FILES } = await import('../../test/eval/question-sets.js');
    const questions = new Set(loadBenchQuestions());
    const holdout = loadQuestions(QUESTION_FILES['natural-holdout']);
    expect(holdout.filter((question) => questions.has(question.question))).toEqual([]);
    const human = loadQuestions(QUESTION_FILES['natural-tuning']).filter((question) => question.kind === 'human');
    expect(human.length).toBeGreaterThan(0);
    expect(human.filter((question) => questions.has(question.question))).toEqual([]);
  });
});

describe('runConversations', () => {
  // Two fake instances. Each question's fate is in its text, so the test knows what to expect of every request.
  const seen: Array<{ instance: number; text: string; cookie: string; conversationId: string }> = [];
  const servers: http.Server[] = [];
  const refusedOnce = new Set<string>();
  const fake = (instance: number) =>
    http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const { text, conversationId } = JSON.parse(body) as { text: string; conversationId: string };
        const cookie = /kc_uid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1] ?? '';
        seen.push({ instance, text, cookie, conversationId });
        const key = `${cookie}:${text}`;
        if (text === 'busy' && !refusedOnce.has(key)) {
          refusedOnce.add(key);
          res.writeHead(503, { 'retry-after': '0', 'content-type': 'application/json' }).end('{}');
        } else if (text === 'reset') req.socket.destroy();
        else if (text === 'apology') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ text: replyTexts('da').databaseDown() }));
        else if (text === 'broken') res.writeHead(500).end();
        else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ text: `svar på ${text}` }));
      });
    });

  beforeAll(async () => {
    for (const instance of [0, 1]) {
      const server = fake(instance);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push(server);
    }
  });
  afterAll(async () => {
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
  });

  it('should spread questions over the instances, retry a 503 and count each kind of failure apart', async () => {
    const urls = servers.map((server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const questions = ['hvem har arbejdet med hverdagsrehabilitering?', 'busy', 'reset', 'apology', 'broken'];
    const { outcomes, elapsedMs } = await runConversations({ urls, concurrent: 3, seconds: 1, questions, balance: 'round-robin' });
    const summary = summariseLoad(outcomes, elapsedMs, 2);

    expect(summary.answered).toBeGreaterThan(0);
    expect(summary.answeredByInstance.every((count) => count > 0)).toBe(true);
    expect(Object.keys(summary.errors).sort()).toEqual(['503', 'apology', 'other (HTTP 500)', 'reset']);
    expect(summary.errorCount).toBe(summary.requests - summary.answered);
    expect(summary.busy?.count).toBe(summary.errors['503']);
    // A visitor's next request after a 503 is the refused question again (when the run had not ended).
    const byVisitor = new Map<string, string[]>();
    for (const request of seen) byVisitor.set(request.cookie, [...(byVisitor.get(request.cookie) ?? []), request.text]);
    const afterRefusal = [...byVisitor.values()].flatMap((texts) => (texts.indexOf('busy') >= 0 && texts.indexOf('busy') + 1 < texts.length ? [texts[texts.indexOf('busy') + 1]] : []));
    expect(afterRefusal.length).toBeGreaterThan(0);
    expect(afterRefusal.every((text) => text === 'busy')).toBe(true);
    // Requests alternate between the instances; one conversation keeps its id on both.
    const conversations = new Map<string, Set<number>>();
    for (const request of seen) conversations.set(request.conversationId, (conversations.get(request.conversationId) ?? new Set()).add(request.instance));
    expect([...conversations.values()].some((instances) => instances.size === 2)).toBe(true);
  });
});

describe('runConversations, this process\'s own share', () => {
  it("should count the time this process took to send a request in a 503's time from asking and leave it out of its time from being sent", async () => {
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(503, { 'retry-after': '60', 'content-type': 'application/json' }).end('{}'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const run = runConversations({ urls: [url], concurrent: 3, seconds: 0.05, questions: ['hvem har arbejdet med hverdagsrehabilitering?'] });
      // The requests are made; this process is busy before it has connected or written any of them (and past the end of
      // the run, so each visitor asks once).
      const blockedFrom = performance.now();
      while (performance.now() - blockedFrom < 150);
      const blocked = performance.now() - blockedFrom;
      const { outcomes, elapsedMs } = await run;

      expect(outcomes.map((outcome) => outcome.kind)).toEqual(['503', '503', '503']);
      for (const outcome of outcomes) {
        expect(outcome.sentMs).toBeGreaterThanOrEqual(blocked);
        expect(outcome.ms).toBeGreaterThanOrEqual(outcome.sentMs!);
      }
      const summary = summariseLoad(outcomes, elapsedMs, 1);
      expect(summary.busy!.max).toBeGreaterThanOrEqual(Math.floor(blocked));
      expect(summary.busy!.afterSent.max).toBe(Math.round(Math.max(...outcomes.map((outcome) => outcome.ms - outcome.sentMs!))));
      expect(summary.busy!.afterSent.max).toBeLessThanOrEqual(summary.busy!.max - Math.floor(blocked) + 1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('runConversations, least outstanding', () => {
  it('should send new questions to the instance with fewer in flight while the other is still answering', async () => {
    // Instance 0 holds its first request until instance 1 has answered five; round-robin would send it more meanwhile.
    const counts = [0, 0];
    let receivedWhileHolding = 0;
    let release: (() => void) | undefined;
    const answer = (res: http.ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ text: 'svar' }));
    const servers = [0, 1].map((instance) =>
      http.createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          counts[instance]! += 1;
          if (instance === 0 && counts[0] === 1) return void (release = () => answer(res));
          if (instance === 0 && release) receivedWhileHolding += 1;
          answer(res);
          if (instance === 1 && counts[1] === 5) {
            release?.();
            release = undefined;
          }
        });
      }),
    );
    for (const server of servers) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const urls = servers.map((server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      const { outcomes } = await runConversations({ urls, concurrent: 2, seconds: 1, questions: ['hvem har arbejdet med hverdagsrehabilitering?'] });
      expect(counts[1]).toBeGreaterThanOrEqual(5);
      expect(receivedWhileHolding).toBe(0);
      expect(outcomes.every((outcome) => outcome.kind === 'answered')).toBe(true);
    } finally {
      for (const server of servers) await new Promise((resolve) => server.close(resolve));
    }
  });
});
