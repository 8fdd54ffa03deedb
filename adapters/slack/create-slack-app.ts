/**
 * The Bolt app behind the Slack channel: its receiver (Express router for the Events API over HTTP, with signature
 * verification on, timestamps more than 5 minutes in the future refused, and `processBeforeResponse: false`, so Slack
 * is acknowledged before any answer is computed; or
 * Socket Mode), a lazy authorisation (no `auth.test` at construction), the engine's delivery path for the work after
 * each acknowledgement, the de-duplication middleware, the Assistant panel and every listener (including the "Del jeres
 * erfaring" shortcut and modal).
 */
import { App, ExpressReceiver, type AnyMiddlewareArgs, type Authorize, type AuthorizeResult, type Middleware, type webApi } from '@slack/bolt';
import express from 'express';
import { registerAppHome } from './app-home.js';
import { createAssistantPanel } from './assistant-panel.js';
import { toBoltLogger } from './bolt-logger.js';
import { dedupeEvents } from './event-dedupe.js';
import { slackClientOptions } from './post-with-retry.js';
import { registerActionListeners } from './register-action-listeners.js';
import { registerAdviserListeners } from './register-adviser-listeners.js';
import { registerConversationListeners } from './register-conversation-listeners.js';
import { registerSubmissionListeners } from './register-submission-listeners.js';
import { refuseFutureTimestamps } from './refuse-future-timestamps.js';
import { slackRequestContext } from './request-context-middleware.js';
import type { SlackAdviserNotifier } from './slack-adviser-notifier.js';
import type { SlackDeps } from './slack-deps.js';

/** The bot's own ids; when known up front (with the team id), `auth.test` is never called. */
export interface BotIdentity {
  botId: string;
  botUserId: string;
  /** The installing workspace (staff by default); without it, auth.test is asked once when a user is looked up. */
  teamId?: string;
}

/** What `auth.test` says about the bot token. */
export interface AuthTestResult {
  botId?: string;
  botUserId?: string;
  teamId?: string;
}

/**
 * `auth.test`, called once and shared (authorisation and the staff decision both need it); a failure is forgotten, so
 * the next caller asks again.
 */
export function memoizedAuthTest(client: webApi.WebClient): () => Promise<AuthTestResult> {
  let pending: Promise<AuthTestResult> | undefined;
  return () => {
    pending ??= client.auth.test().then(
      (result) => ({ botId: result.bot_id, botUserId: result.user_id, teamId: result.team_id }),
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };
}

/** The path Slack posts events, interactivity and slash commands to. */
export const SLACK_EVENTS_PATH = '/slack/events';

/** The app and, in HTTP mode, the router to mount. */
export interface SlackApp {
  app: App;
  /** HTTP mode only: handles `POST /slack/events`. Mount it before any body parser. */
  router?: express.Router;
}

/**
 * Builds the Bolt app with every listener registered.
 *
 * @example
 * const { app, router } = createSlackApp(deps, { client });
 * server.use(router!); // POST /slack/events
 */
export function createSlackApp(
  deps: SlackDeps,
  options: { client: webApi.WebClient; notifier?: SlackAdviserNotifier; identity?: BotIdentity; authTest?: () => Promise<AuthTestResult> },
): SlackApp {
  const { config } = deps;
  const logger = toBoltLogger(deps.logger);
  const common = {
    authorize: lazyAuthorize(options.client, config.botToken, options.identity, options.authTest),
    logger,
    clientOptions: slackClientOptions(config.apiUrl, deps.delivery.turn),
    ignoreSelf: true,
    // Bolt's default conversation store (an in-memory map per event) is not used.
    convoStore: false as const,
  };

  let app: App;
  let router: express.Router | undefined;
  if (config.mode === 'socket') {
    // The socket client opens its connection through apps.connections.open: same API URL, its own reconnect policy.
    const installerOptions = config.apiUrl ? { clientOptions: { slackApiUrl: config.apiUrl } } : undefined;
    app = new App({ ...common, socketMode: true, appToken: config.appToken, ...(installerOptions ? { installerOptions } : {}) });
  } else {
    router = express.Router();
    // Registered before Bolt's route on the same path, so it runs first (Bolt lets future timestamps through).
    router.post(SLACK_EVENTS_PATH, refuseFutureTimestamps(deps.logger));
    const receiver = new ExpressReceiver({
      signingSecret: config.signingSecret!,
      signatureVerification: true,
      processBeforeResponse: false,
      endpoints: SLACK_EVENTS_PATH,
      router,
      logger,
    });
    app = new App({ ...common, receiver });
  }

  // Events are acknowledged before any middleware runs; their processing then waits in the delivery path's queue, so
  // a burst of events is acknowledged first and answered after.
  app.use(slackRequestContext());
  app.use(afterAck(deps.delivery));
  app.use(dedupeEvents(deps.records, deps.logger));
  app.assistant(createAssistantPanel(deps));
  registerConversationListeners(app, deps);
  registerActionListeners(app, deps);
  registerAdviserListeners(app, deps, options.notifier);
  registerSubmissionListeners(app, deps);
  registerAppHome(app, deps);
  app.error(async (error) => {
    deps.logger.error('slack: a listener failed', { error: error.original ?? error, code: error.code });
  });
  return { app, router };
}

/**
 * Global Bolt middleware: events (already acknowledged by Bolt before any middleware runs) go through `work.run`, so
 * their processing waits for a slot and starts on a later turn. Actions, commands and views pass straight through:
 * their listeners acknowledge them and must not wait behind answers.
 */
export function afterAck(work: Pick<SlackDeps['delivery'], 'run'>): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    if ((body as { type?: unknown }).type === 'event_callback') await work.run(next);
    else await next();
  };
}

/**
 * Authorises events with the bot token. The bot's ids come from `identity` or, once, from `auth.test` on the first
 * event (a failure is retried on the next event), so start-up never waits for Slack and never crashes when it is down.
 */
export function lazyAuthorize(
  client: webApi.WebClient,
  botToken: string,
  identity?: BotIdentity,
  authTest: () => Promise<AuthTestResult> = memoizedAuthTest(client),
): Authorize<boolean> {
  return async (): Promise<AuthorizeResult> => {
    if (identity) return { botToken, botId: identity.botId, botUserId: identity.botUserId };
    const result = await authTest();
    return { botToken, botId: result.botId, botUserId: result.botUserId };
  };
}
