/**
 * The Slack channel as the composition root sees it (a Channel, adapters/channel.ts): one call builds the Bolt app,
 * the Web API client, the delivery port and (with an advisers' channel) the advisers' notifier. Answers go out through
 * the engine's delivery path (bot/delivery), shared with the other channels when the server passes it in.
 */
import { webApi, type App } from '@slack/bolt';
import type express from 'express';
import type { Engine } from '../../bot/engine-port.js';
import { createReplyDelivery, type ReplyDelivery } from '../../bot/delivery/index.js';
import type { DeliveryPort, EscalationService } from '../../bot/escalation/escalation-port.js';
import type { SubmissionService } from '../../bot/submissions/submission-port.js';
import { createChannelRecords } from '../../bot/store/channel-records.js';
import { queryInTurns } from '../../bot/store/query-in-turns.js';
import { createSlackStore } from '../../bot/store/slack-store.js';
import { silentLogger, type Logger } from '../../config/logger.js';
import type { Db } from '../../knowledge/index.js';
import { offChannel, type Channel, type PlanChannel } from '../channel.js';
import { loadSlackConfig, type SlackConfig } from './config.js';
import { createSlackApp, memoizedAuthTest, SLACK_EVENTS_PATH, type BotIdentity } from './create-slack-app.js';
import { DEFAULT_RETRY_POLICY, slackClientOptions, type RetryPolicy } from './post-with-retry.js';
import { createSlackAdviserNotifier, type SlackAdviserNotifier } from './slack-adviser-notifier.js';
import { createSlackDeliveryPort } from './slack-delivery-port.js';
import type { LivePacing } from '../../bot/delivery/index.js';
import type { AdviserLookup, SlackDeps } from './slack-deps.js';
import { SLACK_CHANNEL } from './to-inbound-message.js';
import { createUserDirectory } from './user-directory.js';

/** Options for {@link createSlackChannel}. */
export interface SlackChannelOptions {
  config: SlackConfig;
  engine: Engine;
  /** The engine's database: its records for this channel and its Slack store are built on it (the adapter runs no SQL). */
  db: Db;
  /** The hand-off service: Claim / Resolve / thread replies in the advisers' channel use it. */
  escalations?: EscalationService;
  /** Finds the adviser linked to a Slack user (the adviser store fits). Without it nobody may claim. */
  advisers?: AdviserLookup;
  /** "Del jeres erfaring": stores cases shared through the modal. Without it the modal says it is not set up. */
  submissions?: SubmissionService;
  logger?: Logger;
  /** Retries of answers to live questions. @default DEFAULT_RETRY_POLICY */
  retry?: Partial<RetryPolicy>;
  /** The bot's ids, when known (tests, benchmarks): skips `auth.test`. */
  identity?: BotIdentity;
  /**
   * The engine's delivery path, shared by every channel of the process (the server's). Without it the channel makes
   * its own, with `concurrency`.
   */
  delivery?: ReplyDelivery;
  /** Without `delivery`: answers in progress at once; more wait in order (after their events were acknowledged). @default 32 */
  concurrency?: number;
  /** How fast answers being written change (tests pass their own clock). @default ONE_CHANGE_A_SECOND */
  streamPacing?: LivePacing;
}

/** What the composition root mounts, starts and hands to the outbox dispatcher. */
export interface SlackChannel extends Channel {
  app: App;
  /** The Web API client (token and base URL from the settings, no built-in retries). */
  client: webApi.WebClient;
  /** HTTP mode: mount with `server.use(router)` before body parsers and the web app; handles `POST /slack/events`. */
  router?: express.Router;
  /** Give to the outbox dispatcher's `deliveryPorts`. */
  deliveryPort: DeliveryPort;
  /** With SLACK_ADVISER_CHANNEL: give to the outbox dispatcher's `notifiers`. */
  notifier?: SlackAdviserNotifier;
  /** Socket Mode: opens the connection. HTTP mode: nothing to do (the router is mounted). */
  start(): Promise<void>;
  /**
   * Socket Mode: closes the connection. Then, in both modes, waits for the answers in progress until `deadline`
   * (default in 10 s), so that acknowledged events are still answered when the process stops.
   */
  stop(deadline?: Date): Promise<void>;
  /** One line for the start-up banner. */
  describe(): string;
}

/**
 * Creates the Slack channel. No network call happens here.
 *
 * @example
 * const slackConfig = loadSlackConfig(process.env);
 * if (slackConfig) {
 *   const slack = createSlackChannel({ config: slackConfig, engine, db, escalations, advisers, logger });
 *   if (slack.routes) app.use(slack.routes.handler);
 *   await slack.start();
 * }
 */
export function createSlackChannel(options: SlackChannelOptions): SlackChannel {
  const { config, escalations } = options;
  const logger = options.logger ?? silentLogger;
  const delivery = options.delivery ?? createReplyDelivery({ db: options.db, logger, concurrency: options.concurrency });
  const client = new webApi.WebClient(config.botToken, slackClientOptions(config.apiUrl, delivery.turn));
  const db = queryInTurns(options.db, delivery);
  const store = createSlackStore(db);
  const authTest = memoizedAuthTest(client);
  const deps: SlackDeps = {
    config,
    engine: options.engine,
    records: createChannelRecords(db, SLACK_CHANNEL),
    store,
    delivery,
    port: createSlackDeliveryPort({ client, retry: { ...DEFAULT_RETRY_POLICY, ...options.retry }, logger, streamPacing: options.streamPacing }),
    logger,
    users: createUserDirectory({
      policy: { staffAudience: config.audience, staffTeamIds: config.staffTeamIds ?? [], staffEmailDomains: config.staffEmailDomains ?? [] },
      homeTeamId: async () => options.identity?.teamId ?? (await authTest()).teamId,
      logger,
    }),
    escalations,
    advisers: options.advisers,
    ...(options.submissions ? { submissions: options.submissions } : {}),
  };
  const notifier = config.adviserChannel
    ? createSlackAdviserNotifier({ client, cards: store, channel: config.adviserChannel, getEscalation: escalations ? (id) => escalations.get(id) : undefined, logger })
    : undefined;
  const { app, router } = createSlackApp(deps, { client, notifier, identity: options.identity, authTest });
  let started = false;

  return {
    name: SLACK_CHANNEL,
    app,
    client,
    router,
    ...(router ? { routes: { mount: 'webhook' as const, handler: router } } : {}),
    // The dispatcher retries with its own backoff: no in-process retry here.
    deliveryPort: createSlackDeliveryPort({ client }),
    notifier,
    async start() {
      if (config.mode !== 'socket' || started) return;
      await app.start();
      started = true;
    },
    async stop(deadline = new Date(Date.now() + 10_000)) {
      if (started) {
        await app.stop();
        started = false;
      }
      await delivery.drain(deadline);
    },
    describe() {
      const where = config.mode === 'socket' ? 'Socket Mode' : `HTTP på POST ${SLACK_EVENTS_PATH}`;
      const advisers = config.adviserChannel ? `rådgiverkanal ${config.adviserChannel}` : 'ingen rådgiverkanal';
      return `slack: ${where}, ${config.slashCommand}, ${describeStaff(config)}, ${advisers}`;
    },
  };
}

/** Slack's place in the server's channel list: on with SLACK_BOT_TOKEN and a signing secret or app token, else a banner line. */
export const planSlackChannel: PlanChannel = (env) => {
  const config = loadSlackConfig(env);
  return ({ engine, db, escalations, advisers, submissions, logger, delivery }) =>
    config
      ? createSlackChannel({ config, engine, db, escalations, advisers, submissions, logger, delivery })
      : offChannel(SLACK_CHANNEL, 'slack: fra (sæt SLACK_BOT_TOKEN og SLACK_SIGNING_SECRET for at slå til)');
};

/** Who counts as staff, for the banner. */
function describeStaff(config: SlackConfig): string {
  const staff = [...(config.staffTeamIds ?? []), ...(config.staffEmailDomains ?? []).map((domain) => `@${domain}`)];
  return `personale (${staff.length > 0 ? staff.join(', ') : 'det installerende workspace'}) får målgruppe ${config.audience}, gæster og eksterne public`;
}
