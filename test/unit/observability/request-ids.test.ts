/**
 * One request, one id: an HTTP chat request (web), a Slack event and a Teams activity each log JSON lines that all
 * carry the same requestId — the access line, the engine's lines and the work that goes on after the platform was
 * answered. A trusted proxy's X-Request-Id is used, anyone else's is not; message text is never logged at info;
 * authorization and cookie headers are redacted in the access line.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWebApp } from '../../../adapters/web/index.js';
import type { Logger } from '../../../config/logger.js';
import type { Db } from '../../../knowledge/index.js';
import { createFakeEngine, type FakeEngine } from '../../fakes/fake-engine.js';
import { FAKE_BOT } from '../../fakes/fake-slack-api.js';
import { testDatabases } from '../../support/test-databases.js';
import { requestLogging } from '../../../observability/request-logging.js';
import { signSlack, SIGNING_SECRET, startSlackHarness, type SlackHarness } from '../adapters/slack/slack-harness.js';
import { personalMessage, startTeamsHarness, type TeamsHarness } from '../adapters/teams/teams-test-harness.js';
import { captureLogs, type CapturedLogs, type LogLine } from './log-capture.js';

const QUESTION = 'Hvem har prøvet fjernbetjente bogkasser i 2019?';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The fake engine logs while it answers, after an await: the engine's own lines must carry the request's id. */
function loggingEngine(logger: Logger): FakeEngine {
  const engine = createFakeEngine();
  engine.setDelay(30);
  engine.onMessage(() => {
    logger.info('engine: answering');
    setTimeout(() => logger.debug('engine: late work after the answer'), 10);
    return undefined;
  });
  return engine;
}

async function listen(app: express.Express): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

function expectOneRequestId(lines: LogLine[], requestId: string): void {
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.map((line) => `${line.msg}: ${line.requestId}`)).toEqual(lines.map((line) => `${line.msg}: ${requestId}`));
}

describe('request ids in the logs', () => {
  describe('web', () => {
    let logs: CapturedLogs;
    let web: { url: string; close(): Promise<void> };

    const start = async (trustProxy: boolean) => {
      logs = captureLogs();
      const app = createWebApp({ engine: loggingEngine(logs.logger), logger: logs.logger });
      if (trustProxy) app.set('trust proxy', true);
      web = await listen(app);
    };
    const chat = (headers: Record<string, string> = {}) =>
      fetch(`${web.url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ conversationId: 'c-1', text: QUESTION }),
      });
    afterEach(async () => web?.close());

    it('should give a chat request one id: in the response header and on every line logged for it', async () => {
      await start(false);
      const response = await chat();
      expect(response.status).toBe(200);
      const requestId = response.headers.get('x-request-id')!;
      expect(requestId).toMatch(UUID);
      await expect.poll(() => logs.lines().some((line) => line.msg === 'engine: late work after the answer')).toBe(true);

      const lines = logs.lines();
      expectOneRequestId(lines, requestId);
      expect(lines.map((line) => line.msg)).toEqual(expect.arrayContaining(['engine: answering', 'request completed']));
      expect(lines.find((line) => line.msg === 'request completed')).toMatchObject({
        level: 'info', req: { method: 'POST', url: '/api/chat' }, res: { statusCode: 200 },
      });
    });

    it('should never write the message text at info', async () => {
      await start(false);
      await chat();
      await expect.poll(() => logs.lines().some((line) => line.msg === 'request completed')).toBe(true);
      const atInfo = logs.lines().filter((line) => line.level !== 'debug');
      expect(atInfo.length).toBeGreaterThan(0);
      expect(JSON.stringify(atInfo)).not.toContain('bogkasser');
    });

    it("should use a trusted proxy's X-Request-Id", async () => {
      await start(true);
      const response = await chat({ 'x-request-id': 'lb-7f3a9c' });
      expect(response.headers.get('x-request-id')).toBe('lb-7f3a9c');
      await expect.poll(() => logs.lines().some((line) => line.msg === 'request completed')).toBe(true);
      expectOneRequestId(logs.lines().filter((line) => line.level !== 'debug'), 'lb-7f3a9c');
    });

    it('should ignore X-Request-Id from a client it does not trust, and a trusted one that is not an id', async () => {
      await start(false);
      const untrusted = await chat({ 'x-request-id': 'forged-by-client' });
      expect(untrusted.headers.get('x-request-id')).toMatch(UUID);
      await web.close();

      await start(true);
      const malformed = await chat({ 'x-request-id': 'two\tlines {"level":"error"}' });
      expect(malformed.headers.get('x-request-id')).toMatch(UUID);
      await expect.poll(() => logs.lines().some((line) => line.msg === 'request completed')).toBe(true);
      expect(logs.raw.join('\n')).not.toContain('forged-by-client');
    });

    it('should log a failed request once with its cause (stack at error level only there) and an access line without one', async () => {
      logs = captureLogs();
      const engine = loggingEngine(logs.logger);
      engine.failNext('handleMessage', new Error('database exploded near ole@example.dk'));
      web = await listen(createWebApp({ engine, logger: logs.logger }));
      const response = await chat();
      expect(response.status).toBe(500);
      await expect.poll(() => logs.lines().some((line) => line.msg === 'request failed')).toBe(true);
      const requestId = response.headers.get('x-request-id')!;
      const lines = logs.lines();
      expectOneRequestId(lines, requestId);
      const access = lines.find((line) => line.msg === 'request failed')!;
      expect(access).toMatchObject({ level: 'error', res: { statusCode: 500 } });
      expect(JSON.stringify(access)).not.toContain('stack');
      expect(lines.filter((line) => JSON.stringify(line).includes('"stack"'))).toHaveLength(1);
      expect(logs.raw.join('\n')).not.toContain('ole@example.dk');
    });

    it('should log a refusal over the answers cap (503 with Retry-After) as a warning, not an error', async () => {
      logs = captureLogs();
      const engine = loggingEngine(logs.logger);
      engine.setDelay(500);
      web = await listen(createWebApp({ engine, logger: logs.logger, maxAnswersInProgress: 1 }));
      const first = chat();
      await expect.poll(() => engine.calls.handleMessage.length + engine.streamed.length).toBeGreaterThan(0);
      const refused = await chat();
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await first).status).toBe(200);
      const statusOf = (line: LogLine) => (line.res as { statusCode?: number } | undefined)?.statusCode;
      await expect.poll(() => logs.lines().filter((line) => statusOf(line) !== undefined).length).toBe(2);
      const access = logs.lines().filter((line) => statusOf(line) !== undefined);
      expect(access.map((line) => [statusOf(line), line.level])).toEqual(expect.arrayContaining([[503, 'warn'], [200, 'info']]));
      expect(logs.lines().filter((line) => line.level === 'error')).toEqual([]);
    });

    it('should redact authorization and cookie headers in the access line', async () => {
      await start(false);
      await chat({ authorization: 'Bearer very-secret', cookie: 'kc_uid=abc123secret' });
      await expect.poll(() => logs.lines().some((line) => line.msg === 'request completed')).toBe(true);
      const access = logs.lines().find((line) => line.msg === 'request completed') as LogLine & { req: { headers: Record<string, string> } };
      expect(access.req.headers).toMatchObject({ authorization: '[redacted]', cookie: '[redacted]' });
      expect(logs.raw.join('\n')).not.toMatch(/very-secret|abc123secret/);
    });
  });

  describe('Slack', () => {
    let slack: SlackHarness;
    let logs: CapturedLogs;
    afterEach(async () => slack?.close());

    it("should give an event's handling the event id as request id, also for the answer posted after the ack", async () => {
      logs = captureLogs();
      slack = await startSlackHarness({ engine: loggingEngine(logs.logger), logger: logs.logger, identity: true });
      const response = await slack.sendEvent(
        { type: 'app_mention', user: 'U1', channel: 'C1', ts: '1700000100.000100', text: `<@${FAKE_BOT.userId}> ${QUESTION}`, event_ts: '1700000100.000100' },
        { eventId: 'Ev0LOGTEST1' },
      );
      expect(response.status).toBe(200);
      await slack.fake.waitFor('chat.postMessage');
      await expect.poll(() => logs.lines().some((line) => line.msg === 'engine: late work after the answer')).toBe(true);

      expectOneRequestId(logs.lines(), 'Ev0LOGTEST1');
      expect(JSON.stringify(logs.lines().filter((line) => line.level !== 'debug'))).not.toContain('bogkasser');
    });

    it("should keep the HTTP request's id for an event posted to /slack/events behind the server's request logging", async () => {
      logs = captureLogs();
      slack = await startSlackHarness({ engine: loggingEngine(logs.logger), logger: logs.logger, identity: true });
      const app = express();
      app.use(requestLogging({ logger: logs.logger }));
      app.use(slack.channel.router!);
      const server = await listen(app);
      try {
        const body = JSON.stringify({
          token: 'legacy', team_id: FAKE_BOT.teamId, api_app_id: 'A1', type: 'event_callback', event_id: 'Ev0LOGTEST2', event_time: Math.floor(Date.now() / 1000),
          event: { type: 'app_mention', user: 'U1', channel: 'C1', ts: '1700000200.000100', text: `<@${FAKE_BOT.userId}> ${QUESTION}`, event_ts: '1700000200.000100' },
          authorizations: [{ team_id: FAKE_BOT.teamId, user_id: FAKE_BOT.userId, is_bot: true, is_enterprise_install: false }],
        });
        const response = await fetch(`${server.url}/slack/events`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...signSlack(SIGNING_SECRET, body) } });
        expect(response.status).toBe(200);
        const requestId = response.headers.get('x-request-id')!;
        expect(requestId).toMatch(UUID);
        await expect.poll(() => logs.lines().some((line) => line.msg === 'engine: late work after the answer')).toBe(true);
        expectOneRequestId(logs.lines(), requestId);
        expect(logs.lines().map((line) => line.msg)).toEqual(expect.arrayContaining(['request completed', 'engine: answering']));
      } finally {
        await server.close();
      }
    });
  });

  describe('Teams', () => {
    let db: Db;
    let teams: TeamsHarness;
    let logs: CapturedLogs;
    beforeAll(async () => {
      db = await testDatabases[0]!.open();
    });
    afterAll(async () => db?.close());
    afterEach(async () => teams?.close());

    it("should give an activity one id, through the answer delivered after the turn's response", async () => {
      logs = captureLogs();
      const engine = loggingEngine(logs.logger);
      engine.setDelay(300);
      teams = await startTeamsHarness({ engine, db, turnBudgetMs: 50, logger: logs.logger });
      const before = logs.raw.length; // the start-up notice belongs to no request
      const response = await teams.post(personalMessage(teams.connector.url, QUESTION));
      expect(response.status).toBe(200);
      const requestId = response.headers.get('x-request-id')!;
      expect(requestId).toMatch(UUID);

      await teams.connector.waitFor((request) => request.body?.type === 'message');
      await expect.poll(() => logs.lines().some((line) => line.msg === 'engine: late work after the answer')).toBe(true);
      const lines = logs.lines().slice(before);
      expectOneRequestId(lines, requestId);
      expect(lines.map((line) => line.msg)).toEqual(expect.arrayContaining(['request completed', 'engine: answering']));
    });
  });
});
