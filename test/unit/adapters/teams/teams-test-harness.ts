/**
 * Test harness for the Teams channel: the real botbuilder CloudAdapter behind express on 127.0.0.1:0 (mounted the
 * way the server mounts channels: Teams router before the web app), a fake Bot Framework connector that records
 * what the bot sends, and builders for the activities Teams posts (shapes from ../shared/PLATFORMS.md §3).
 *
 * By default the channel runs in emulator mode (TEAMS_EMULATOR=true). With `authenticated: true` it runs with
 * credentials, fully offline: the fake connector plays Microsoft's sign-in metadata and signs channel tokens, `post`
 * adds a valid token, and the bot's outgoing calls carry {@link FAKE_OUTBOUND_TOKEN} instead of an MSAL token.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Engine } from '../../../../bot/index.js';
import type { EscalationService } from '../../../../bot/escalation/escalation-port.js';
import type { SubmissionService } from '../../../../bot/submissions/submission-port.js';
import { callbackLogger, type Logger } from '../../../../config/logger.js';
import type { Db } from '../../../../knowledge/index.js';
import { createTeamsChannel, loadTeamsConfig, type TeamsAdviserDirectory, type TeamsChannel } from '../../../../adapters/teams/index.js';
import type { ServiceClientCredentialsFactory } from '../../../../adapters/teams/teams-cloud-adapter.js';
import type { LivePacing } from '../../../../bot/delivery/index.js';
import { createWebApp } from '../../../../adapters/web/index.js';
import { requestLogging } from '../../../../observability/request-logging.js';
import { startFakeBotConnector, type FakeBotConnector } from '../../../fakes/fake-bot-connector.js';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  details?: Record<string, unknown>;
}

/** A Logger that keeps every entry. */
export function recordingLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return Object.assign(callbackLogger((level, message, details) => void entries.push({ level, message, details })), { entries });
}

export interface TeamsHarness {
  baseUrl: string;
  connector: FakeBotConnector;
  channel: TeamsChannel;
  logger: ReturnType<typeof recordingLogger>;
  /** POSTs an activity to /api/messages. */
  post(activity: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  engine: Engine;
  db: Db;
  /**
   * Environment for loadTeamsConfig, added to TEAMS_EMULATOR=true unless it sets MICROSOFT_APP_ID (or to the
   * credentials with `authenticated`); a
   * function gets the connector (for TEAMS_ADVISER_CHANNEL's serviceUrl).
   */
  env?: Record<string, string> | ((connector: FakeBotConnector) => Record<string, string>);
  /** Run with credentials against the fake connector's metadata; `post` then sends a valid token. */
  authenticated?: boolean;
  /** Where the server listens. @default "127.0.0.1" */
  listenHost?: string;
  escalations?: EscalationService;
  advisers?: TeamsAdviserDirectory;
  /** "Del jeres erfaring": the service the case form sends to. */
  submissions?: SubmissionService;
  turnBudgetMs?: number;
  /** How fast streamed answers are updated (default: Teams' one a second on the real clock). */
  streamPacing?: LivePacing;
  /** Given the connector, extra botbuilder auth keys (the authenticated tests point the metadata at the fake). */
  authSettings?: (connector: FakeBotConnector) => Record<string, string>;
  /** The channel's logger instead of the recording one (`logger.entries` then stays empty). */
  logger?: Logger;
}

/** Starts connector + server. Close it in afterAll/afterEach. */
export async function startTeamsHarness(options: HarnessOptions): Promise<TeamsHarness> {
  const connector = await startFakeBotConnector();
  const logger = recordingLogger();
  const env = typeof options.env === 'function' ? options.env(connector) : (options.env ?? {});
  const mode = options.authenticated ? CREDENTIALS : env.MICROSOFT_APP_ID ? {} : { TEAMS_EMULATOR: 'true' };
  const config = loadTeamsConfig({ ...mode, ...env });
  if (!config) throw new Error('harness: Teams is off with these settings');
  const channel = createTeamsChannel({
    config,
    engine: options.engine,
    db: options.db,
    escalations: options.escalations,
    advisers: options.advisers,
    submissions: options.submissions,
    logger: options.logger ?? logger,
    turnBudgetMs: options.turnBudgetMs,
    streamPacing: options.streamPacing,
    authTimeoutMs: 2_000,
    authSettings: options.authSettings?.(connector) ?? (options.authenticated ? fakeCloudEndpoints(connector.openIdMetadataUrl) : undefined),
    credentialsFactory: options.authenticated ? fakeCredentialsFactory() : undefined,
  });
  const app = express();
  // As adapters/server.ts mounts it: request id, log context and access line for every route.
  app.use(requestLogging({ logger: options.logger ?? logger }));
  app.use(channel.router);
  app.use(createWebApp({ engine: options.engine }));
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, options.listenHost ?? '127.0.0.1', () => resolve(listening));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    connector,
    channel,
    logger,
    post: (activity, headers = {}) => {
      const serviceUrl = typeof activity === 'object' && activity !== null ? (activity as { serviceUrl?: string }).serviceUrl : undefined;
      const token: Record<string, string> =
        options.authenticated && serviceUrl ? { authorization: `Bearer ${connector.issueToken({ iss: FAKE_ISSUER, aud: APP_ID, serviceurl: serviceUrl })}` } : {};
      return fetch(`${baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...token, ...headers },
        body: typeof activity === 'string' ? activity : JSON.stringify(activity),
      });
    },
    async close() {
      await channel.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await connector.close();
    },
  };
}

/** The bot's app id in the authenticated harness. */
export const APP_ID = '11111111-2222-3333-4444-555555555555';
/** Settings of a SingleTenant bot with credentials. */
export const CREDENTIALS = {
  MICROSOFT_APP_ID: APP_ID,
  MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
  MICROSOFT_APP_TENANT_ID: 'tenant-1',
  MICROSOFT_APP_TYPE: 'SingleTenant',
};
/** The issuer of channel tokens (Bot Framework public cloud). */
export const FAKE_ISSUER = 'https://api.botframework.com';
/** What the bot's outgoing calls carry in the authenticated harness (instead of an MSAL token). */
export const FAKE_OUTBOUND_TOKEN = 'fake-outbound-token';

/** Botbuilder's public-cloud settings with the metadata URL pointed at `metadataUrl`. */
export const fakeCloudEndpoints = (metadataUrl: string): Record<string, string> => ({
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/tenant-1',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: FAKE_ISSUER,
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
  ToBotFromEmulatorOpenIdMetadataUrl: metadataUrl,
  CallerId: 'urn:botframework:azure',
  ValidateAuthority: 'true',
});

/** Credentials for the bot's outgoing calls without MSAL: every request gets {@link FAKE_OUTBOUND_TOKEN}. */
export function fakeCredentialsFactory(): ServiceClientCredentialsFactory {
  return {
    isValidAppId: async (appId: string) => appId === APP_ID,
    isAuthenticationDisabled: async () => false,
    createCredentials: async () => ({
      signRequest: async (request: { headers: { set(name: string, value: string): void } }) => {
        request.headers.set('authorization', `Bearer ${FAKE_OUTBOUND_TOKEN}`);
        return request;
      },
    }),
  } as unknown as ServiceClientCredentialsFactory;
}

export const BOT = { id: '28:bot-app-id', name: 'Kraftcenter' };
export const USER = { id: '29:user-1', name: 'Ada Jensen', aadObjectId: '00000000-0000-0000-0000-000000000001' };
const TENANT = 'tenant-1';
let sequence = 1_700_000_000_000;

/** A fresh Teams message id (Teams uses millisecond timestamps). */
export const nextId = (): string => String(++sequence);

type Overrides = Record<string, unknown>;

/** A 1:1 (personal) chat message. */
export function personalMessage(serviceUrl: string, text: string, overrides: Overrides = {}): Record<string, unknown> {
  return {
    type: 'message', id: nextId(), timestamp: new Date().toISOString(), locale: 'da-DK', channelId: 'msteams', serviceUrl,
    from: USER, recipient: BOT,
    conversation: { id: `a:personal-${USER.id}`, conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    text,
    ...overrides,
  };
}

/** A message in a group chat (Teams streams only in 1:1 chats). */
export function groupChatMessage(serviceUrl: string, text: string, overrides: Overrides = {}): Record<string, unknown> {
  return personalMessage(serviceUrl, text, {
    conversation: { id: '19:group-chat@thread.v2', conversationType: 'groupChat', tenantId: TENANT, isGroup: true },
    ...overrides,
  });
}

/** Streaming paces for tests, without timers: `every` sends every update at once; `frozen` never lets the interval pass. */
export const TEST_PACING = {
  every: { minIntervalMs: 0, now: () => 0, later: () => () => undefined } satisfies LivePacing,
  frozen: { minIntervalMs: 1_000, now: () => 0, later: () => () => undefined } satisfies LivePacing,
};

/** A channel post @mentioning the bot, in the reply chain whose root is `rootId` (a new thread when omitted). */
export function channelMention(serviceUrl: string, question: string, rootId?: string): Record<string, unknown> {
  const id = nextId();
  const mention = `<at>${BOT.name}</at>`;
  return {
    type: 'message', id, timestamp: new Date().toISOString(), locale: 'da-DK', channelId: 'msteams', serviceUrl,
    from: USER, recipient: BOT,
    conversation: { id: `19:abc@thread.tacv2;messageid=${rootId ?? id}`, conversationType: 'channel', tenantId: TENANT, isGroup: true },
    channelData: { tenant: { id: TENANT }, team: { id: '19:team@thread.tacv2' }, channel: { id: '19:abc@thread.tacv2' } },
    text: `${mention} ${question}`,
    entities: [{ type: 'mention', text: mention, mentioned: BOT }],
  };
}

/** Teams' feedback-loop submit on the bot message `replyToId`. */
export function feedbackInvoke(base: Record<string, unknown>, replyToId: string, reaction: 'like' | 'dislike', feedbackText?: string): Record<string, unknown> {
  return {
    ...base, type: 'invoke', name: 'message/submitAction', id: nextId(), replyToId, text: undefined,
    value: { actionName: 'feedback', actionValue: { reaction, feedback: JSON.stringify({ feedbackText: feedbackText ?? '' }) } },
  };
}

/** An Adaptive Card `Action.Submit` on the card message `replyToId`: a message with `value` and no text. */
export function cardSubmit(base: Record<string, unknown>, replyToId: string, value: Record<string, unknown>): Record<string, unknown> {
  return { ...base, type: 'message', id: nextId(), replyToId, text: undefined, entities: undefined, value };
}
