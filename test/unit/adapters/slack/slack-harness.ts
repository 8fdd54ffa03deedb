/**
 * A real Bolt app (the Slack channel's Express router on 127.0.0.1) whose Web API calls go to the fake Slack API,
 * plus helpers that sign and send what Slack would: event envelopes (JSON), button clicks (`payload=` form) and slash
 * commands (form fields), exactly as the signature scheme requires.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Engine } from '../../../../bot/engine-port.js';
import type { EscalationService } from '../../../../bot/escalation/escalation-port.js';
import type { SubmissionService } from '../../../../bot/submissions/submission-port.js';
import type { Logger } from '../../../../config/logger.js';
import type { Db } from '../../../../knowledge/index.js';
import { createSlackChannel, type AdviserLookup, type SlackChannel, type SlackConfig } from '../../../../adapters/slack/index.js';
import type { LivePacing } from '../../../../bot/delivery/index.js';
import { createFakeEngine, type FakeEngine } from '../../../fakes/fake-engine.js';
import { FAKE_BOT, startFakeSlackApi, type FakeSlackApi } from '../../../fakes/fake-slack-api.js';
import { recordingLogger, type RecordingLogger } from '../../../support/engine-harness.js';
import { testDatabases } from '../../../support/test-databases.js';

export const SIGNING_SECRET = 'kc-test-signing-secret-0123456789';

/** Slack's request-signing headers for `rawBody`. */
export function signSlack(secret: string, rawBody: string, ts = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${rawBody}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature };
}

/** The default settings of a test channel (HTTP mode, advisers' channel CADV). */
export function testSlackConfig(apiUrl: string, overrides: Partial<SlackConfig> = {}): SlackConfig {
  return {
    mode: 'http', botToken: 'xoxb-test', signingSecret: SIGNING_SECRET, apiUrl, adviserChannel: 'CADV', slashCommand: '/spørg',
    answerChannels: [], ephemeralInPublic: false, audience: 'internal', allowBots: false, ...overrides,
  };
}

export interface SlackHarness {
  fake: FakeSlackApi;
  engine: FakeEngine | Engine;
  db: Db;
  channel: SlackChannel;
  logger: RecordingLogger;
  url: string;
  post(rawBody: string, headers: Record<string, string>): Promise<Response>;
  sendEvent(event: Record<string, unknown>, options?: { eventId?: string; retryNum?: number }): Promise<Response>;
  sendAction(payload: Record<string, unknown>): Promise<Response>;
  sendCommand(fields: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  config?: Partial<SlackConfig>;
  engine?: Engine;
  db?: Db;
  escalations?: EscalationService;
  advisers?: AdviserLookup;
  /** The case-submission service behind the "Del jeres erfaring" modal. */
  submissions?: SubmissionService;
  logger?: Logger;
  /** Pass the bot's ids instead of letting the channel call auth.test. */
  identity?: boolean;
  /** How fast streamed answers change. @default the channel's (one change a second) */
  streamPacing?: LivePacing;
}

let eventCounter = 0;

/** Starts the fake Slack API, the channel and an HTTP server for it. */
export async function startSlackHarness(options: HarnessOptions = {}): Promise<SlackHarness> {
  const fake = await startFakeSlackApi();
  const ownDb = !options.db;
  const db = options.db ?? (await testDatabases[0]!.open());
  const engine = options.engine ?? createFakeEngine();
  const logger = recordingLogger();
  const channel = createSlackChannel({
    config: testSlackConfig(fake.url, options.config),
    engine, db, escalations: options.escalations, advisers: options.advisers, logger: options.logger ?? logger,
    ...(options.submissions ? { submissions: options.submissions } : {}),
    retry: { baseDelayMs: 10, maxDelayMs: 50 },
    ...(options.streamPacing ? { streamPacing: options.streamPacing } : {}),
    ...(options.identity ? { identity: { botId: FAKE_BOT.botId, botUserId: FAKE_BOT.userId, teamId: FAKE_BOT.teamId } } : {}),
  });
  const app = express();
  app.use(channel.router!);
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;

  const post = (rawBody: string, headers: Record<string, string>) => fetch(url, { method: 'POST', body: rawBody, headers });
  const signed = (rawBody: string, contentType: string, extra: Record<string, string> = {}) =>
    post(rawBody, { 'content-type': contentType, ...signSlack(SIGNING_SECRET, rawBody), ...extra });

  return {
    fake, engine, db, channel, logger, url, post,
    sendEvent(event, { eventId = `Ev${++eventCounter}${Date.now()}`, retryNum } = {}) {
      const body = JSON.stringify({
        token: 'legacy', team_id: FAKE_BOT.teamId, api_app_id: 'A1', type: 'event_callback', event_id: eventId,
        event_time: Math.floor(Date.now() / 1000), event,
        authorizations: [{ team_id: FAKE_BOT.teamId, user_id: FAKE_BOT.userId, is_bot: true, is_enterprise_install: false }],
      });
      const retry: Record<string, string> = retryNum ? { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' } : {};
      return signed(body, 'application/json', retry);
    },
    sendAction: (payload) => signed(`payload=${encodeURIComponent(JSON.stringify(payload))}`, 'application/x-www-form-urlencoded'),
    sendCommand: (fields) =>
      signed(new URLSearchParams({ token: 'legacy', team_id: FAKE_BOT.teamId, team_domain: 'kc', trigger_id: `trig.${Date.now()}`,
        response_url: `${fake.origin}/respond/cmd`, ...fields }).toString(), 'application/x-www-form-urlencoded'),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fake.close();
      if (ownDb) await db.close();
    },
  };
}

/** A `block_actions` payload for a button click on a message. */
export function buttonClick(
  fake: FakeSlackApi,
  click: { actionId: string; value: string; user?: string; channel?: string; messageTs?: string; threadTs?: string; ephemeral?: boolean },
): Record<string, unknown> {
  const { actionId, value, user = 'U1', channel = 'C1', messageTs = '1700000002.000100', threadTs, ephemeral = false } = click;
  return {
    type: 'block_actions', team: { id: FAKE_BOT.teamId, domain: 'kc' }, user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: FAKE_BOT.teamId },
    api_app_id: 'A1', token: 'legacy', trigger_id: `123.${Date.now()}`, is_enterprise_install: false, enterprise: null,
    container: { type: 'message', message_ts: messageTs, channel_id: channel, is_ephemeral: ephemeral, ...(threadTs ? { thread_ts: threadTs } : {}) },
    channel: { id: channel, name: 'general' },
    ...(ephemeral ? {} : { message: { type: 'message', ts: messageTs, text: 'svar', user: FAKE_BOT.userId, bot_id: FAKE_BOT.botId, ...(threadTs ? { thread_ts: threadTs } : {}) } }),
    state: { values: {} }, response_url: `${fake.origin}/respond/click`,
    actions: [{ type: 'button', action_id: actionId, block_id: 'b1', text: { type: 'plain_text', text: 'x' }, value, action_ts: `${Date.now() / 1000}` }],
  };
}

/** Waits until `check` passes (polling), for effects that happen after Bolt's ack. */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
