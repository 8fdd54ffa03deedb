/**
 * The app under test for slack-bench.ts, in its own process like a real deployment: the Slack channel's Bolt app over
 * HTTP on 127.0.0.1, a fake engine with a fixed answer delay, an in-memory PGlite (or Postgres) for de-duplication,
 * and Web API calls going to the parent's fake Slack API. Tells the parent its URL over IPC; on "stats" sends the
 * server-side ack times (request received → response finished, per request) and resets them; exits on "stop".
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pg from 'pg';
import { createSlackChannel } from '../../adapters/slack/index.js';
import { silentLogger } from '../../config/logger.js';
import type { Db } from '../../knowledge/db/db.js';
import { migrate } from '../../knowledge/db/migrate.js';
import { openPgDb } from '../../knowledge/db/pg-db.js';
import { openPgliteDb } from '../../knowledge/db/pglite-db.js';
import { createFakeEngine } from '../../test/fakes/fake-engine.js';
import { FAKE_BOT } from '../../test/fakes/fake-slack-api.js';

async function openDb(url: string | undefined): Promise<{ db: Db; cleanup(): Promise<void> }> {
  if (!url) {
    const db = await openPgliteDb(undefined);
    await migrate(db);
    return { db, cleanup: () => db.close() };
  }
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const db = await openPgDb(url, { searchPath: [schema, 'public'] });
  await migrate(db);
  return { db, cleanup: async () => { await db.exec(`DROP SCHEMA ${schema} CASCADE`); await db.close(); } };
}

if (process.argv[1]?.endsWith('slack-bench-app.ts') && process.send) {
  const [apiUrl, delay, signingSecret, dbUrl] = process.argv.slice(2);
  const { db, cleanup } = await openDb(dbUrl || undefined);
  const engine = createFakeEngine();
  engine.setDelay(Number(delay));
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
