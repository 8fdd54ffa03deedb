/**
 * The app under test for slack-bench.ts, in its own process like a real deployment: the Slack channel's Bolt app over
 * HTTP on 127.0.0.1, a fake engine with a fixed answer delay that then writes its answer a few words at a time (so
 * answers are streamed into their threads, as in llm mode), a fresh PGlite in a temp folder (or a Postgres schema) for de-duplication,
 * and Web API calls going to the parent's fake Slack API. Tells the parent its URL over IPC; on "stats" sends the
 * server-side ack times (request received → response finished, per request) and resets them; exits on "stop".
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createSlackChannel } from '../../adapters/slack/index.js';
import { silentLogger } from '../../config/logger.js';
import { createFakeEngine } from '../../test/fakes/fake-engine.js';
import { FAKE_BOT } from '../../test/fakes/fake-slack-api.js';
import { openBenchDatabase } from './bench-database.js';

if (process.argv[1]?.endsWith('slack-bench-app.ts') && process.send) {
  const [apiUrl, delay, signingSecret, dbUrl] = process.argv.slice(2);
  const { db, cleanup } = await openBenchDatabase(dbUrl ? 'postgres' : 'pglite', dbUrl || undefined);
  const engine = createFakeEngine();
  engine.setDelay(Number(delay));
  // Three words every 20 ms, like a model writing ~150 words a second: streamed with chat.startStream / appendStream.
  engine.setStreaming({ wordsPerDelta: 3, delayMs: 20 });
  const channel = createSlackChannel({
    config: { mode: 'http', botToken: 'xoxb-bench', signingSecret: signingSecret!, apiUrl: apiUrl!, slashCommand: '/spørg',
      answerChannels: [], ephemeralInPublic: false, audience: 'internal', allowBots: false },
    engine, db, logger: silentLogger, identity: { botId: FAKE_BOT.botId, botUserId: FAKE_BOT.userId },
  });
  const app = express();
  let ackMs: number[] = [];
  app.use((_request, response, next) => {
    const started = performance.now();
    response.on('finish', () => ackMs.push(performance.now() - started));
    next();
  });
  app.use(channel.router!);
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // A bare server in the same process: the same burst against it shows what the machine and the sender cost alone.
  const bare = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => response.end());
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  process.send({
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`,
    baselineUrl: `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`,
    database: db.description,
  });
  process.on('message', async (message) => {
    if (message === 'stats') {
      process.send!({ ackMs });
      ackMs = [];
      return;
    }
    if (message !== 'stop') return;
    for (const each of [server, bare]) {
      each.closeAllConnections();
      each.close();
    }
    await cleanup();
    process.exit(0);
  });
}
