/**
 * The real server (`startServer`, adapters/server.ts) with every channel on, offline: the web chat and the advisers'
 * console as always, Slack in HTTP mode against the fake Slack Web API (signed requests, an advisers' channel) and
 * Teams in emulator mode against the fake Bot Framework connector. Its embedded database is seeded from the fixture
 * library first (the sample library would take long), so the server has nothing to ingest.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type StartedServer } from '../../adapters/server.js';
import { loadConfig } from '../../config/env.js';
import { runIngest } from '../../ingest/run-ingest.js';
import { openKnowledgeBase, openPgliteDb } from '../../knowledge/index.js';
import { startFakeBotConnector, type FakeBotConnector } from '../fakes/fake-bot-connector.js';
import { FAKE_BOT, startFakeSlackApi, type FakeSlackApi } from '../fakes/fake-slack-api.js';
import { freePort } from '../../scripts/lib/free-port.js';
import { FIXTURE_LIBRARY } from './library-fixture.js';
import { ensurePgliteTemplate } from './pglite-template.js';
import { SIGNING_SECRET, signSlack } from '../unit/adapters/slack/slack-harness.js';

/** The one site allowed to embed the server's web chat (WEB_EMBED_ORIGINS). */
export const ALLOWED_EMBED_ORIGIN = 'https://intranet.kommune.example';

/** The advisers' Slack channel of the server. */
export const SERVER_ADVISER_CHANNEL = 'CADV';

export interface AllChannelsServer {
  started: StartedServer;
  /** The server's base URL, without the trailing slash. */
  baseUrl: string;
  slackApi: FakeSlackApi;
  connector: FakeBotConnector;
  /** POSTs a Teams activity to /api/messages. */
  postTeams(activity: unknown): Promise<Response>;
  /** POSTs a signed Slack event envelope around `event` to /slack/events. */
  sendSlackEvent(event: Record<string, unknown>, eventId?: string): Promise<Response>;
  /** POSTs a signed Slack interactivity payload (a button click). */
  sendSlackAction(payload: Record<string, unknown>): Promise<Response>;
  close(): Promise<void>;
}

let eventCounter = 0;

/** Starts the fakes and the server (on a free port) on a fresh embedded database in a temporary folder. */
export async function startAllChannelsServer(): Promise<AllChannelsServer> {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-all-channels-'));
  const dataDir = path.join(parent, 'data');
  const slackApi = await startFakeSlackApi();
  const connector = await startFakeBotConnector();
  const env: Record<string, string | undefined> = {
    DATA_DIR: dataDir, DATABASE_URL: '', OPENAI_API_KEY: '', LOG_LEVEL: 'silent', PORT: await freePort(), HOST: '127.0.0.1',
    DRAFTS_DIR: path.join(parent, 'drafts'), LIBRARY_DIR: path.join(parent, 'library'),
    SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slackApi.url, SLACK_ADVISER_CHANNEL: SERVER_ADVISER_CHANNEL,
    TEAMS_EMULATOR: 'true',
    WEB_EMBED_ORIGINS: ALLOWED_EMBED_ORIGIN,
  };
  const template = new Blob([fs.readFileSync(await ensurePgliteTemplate())]);
  await (await openPgliteDb(dataDir, { loadDataDir: template })).close();
  const knowledge = await openKnowledgeBase(loadConfig(env));
  await runIngest(knowledge, { inputs: [path.join(FIXTURE_LIBRARY, 'cases')] });
  await knowledge.close();

  const started = await startServer(env);
  const baseUrl = started.url.replace(/\/$/, '');
  const postSlack = (rawBody: string, contentType: string) =>
    fetch(`${baseUrl}/slack/events`, { method: 'POST', body: rawBody, headers: { 'content-type': contentType, ...signSlack(SIGNING_SECRET, rawBody) } });
  return {
    started, baseUrl, slackApi, connector,
    postTeams: (activity) =>
      fetch(`${baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) }),
    sendSlackEvent: (event, eventId = `EvServer${++eventCounter}${Date.now()}`) =>
      postSlack(JSON.stringify({
        token: 'legacy', team_id: FAKE_BOT.teamId, api_app_id: 'A1', type: 'event_callback', event_id: eventId,
        event_time: Math.floor(Date.now() / 1000), event,
        authorizations: [{ team_id: FAKE_BOT.teamId, user_id: FAKE_BOT.userId, is_bot: true, is_enterprise_install: false }],
      }), 'application/json'),
    sendSlackAction: (payload) => postSlack(`payload=${encodeURIComponent(JSON.stringify(payload))}`, 'application/x-www-form-urlencoded'),
    async close() {
      await started.close();
      await connector.close();
      await slackApi.close();
      fs.rmSync(parent, { recursive: true, force: true });
    },
  };
}
