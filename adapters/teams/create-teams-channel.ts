/**
 * The Teams channel's composition, as a Channel (adapters/channel.ts): CloudAdapter, bot, HTTP router, the
 * DeliveryPort for adviser messages, late answers and answers streamed into 1:1 chats and, when TEAMS_ADVISER_CHANNEL is set, the AdviserNotifier for
 * the advisers' channel. Late answers go out through the engine's delivery path (bot/delivery), shared with the other
 * channels when the server passes it in. Everything botbuilder-specific stays
 * inside adapters/teams, so moving to the Microsoft 365 Agents SDK means rewriting this folder only.
 */
import type express from 'express';
import type { Engine } from '../../bot/index.js';
import { createReplyDelivery, type ReplyDelivery } from '../../bot/delivery/index.js';
import type { AdviserNotifier, DeliveryPort, EscalationService } from '../../bot/escalation/escalation-port.js';
import type { SubmissionService } from '../../bot/submissions/submission-port.js';
import { createChannelRecords } from '../../bot/store/channel-records.js';
import type { Logger } from '../../config/logger.js';
import type { Db } from '../../knowledge/index.js';
import { handleAdviserAction, type TeamsAdviserDirectory } from './adviser-actions.js';
import { DEFAULT_TURN_BUDGET_MS } from './answer-message.js';
import { offChannel, type Channel, type PlanChannel } from '../channel.js';
import { loadTeamsConfig, type TeamsConfig } from './config.js';
import { createProactiveSender } from './proactive-sender.js';
import { createTeamsAdviserNotifier } from './teams-adviser-notifier.js';
import { KraftcenterTeamsBot } from './teams-bot.js';
import { createTeamsCloudAdapter, type ServiceClientCredentialsFactory } from './teams-cloud-adapter.js';
import { createTeamsDeliveryPort } from './teams-delivery-port.js';
import type { LivePacing } from '../../bot/delivery/index.js';
import { createTeamsOffRouter, createTeamsRouter } from './teams-router.js';
import { createTeamsStore } from './teams-store.js';
import { TEAMS_CHANNEL } from './to-inbound-message.js';

/** Options for {@link createTeamsChannel}. */
export interface TeamsChannelOptions {
  config: TeamsConfig;
  engine: Engine;
  /** The engine's database: its records for this channel (de-duplication, feedback links, conversation references; see teams-store.ts) are built on it. */
  db: Db;
  /** Lets advisers Claim / Resolve / reply from the escalation cards in the advisers' channel. */
  escalations?: EscalationService;
  /** Maps Teams users to adviser accounts (the AdviserStore fits). Without it, card actions are refused. */
  advisers?: TeamsAdviserDirectory;
  /** "Del jeres erfaring": stores the cases sent with the form card. Without it the command says it is not set up. */
  submissions?: SubmissionService;
  logger: Logger;
  /** How long a turn may wait for the engine before the answer is sent proactively. @default 10000 */
  turnBudgetMs?: number;
  /** Longest wait for the token check. @default 5000 */
  authTimeoutMs?: number;
  /** Extra botbuilder authentication keys (sovereign clouds; local fakes in tests). */
  authSettings?: Record<string, string>;
  /** Replaces botbuilder's sign-in for outgoing calls (tests: the authenticated path offline). */
  credentialsFactory?: ServiceClientCredentialsFactory;
  /** The engine's delivery path, shared by every channel of the process (the server's). Without it the channel makes its own. */
  delivery?: ReplyDelivery;
  /** How fast answers streamed into 1:1 chats are updated (tests, benchmarks). @default ONE_CHANGE_A_SECOND */
  streamPacing?: LivePacing;
}

/** What the composition root mounts and registers. */
export interface TeamsChannel extends Channel {
  /** Serves `POST /api/messages` (includes its own JSON body parser). Mount before the web app's 404. */
  router: express.Router;
  /** Register with the outbox dispatcher: delivers adviser messages into Teams conversations. */
  deliveryPort: DeliveryPort;
  /** Register with the outbox dispatcher when present (TEAMS_ADVISER_CHANNEL is set). */
  notifier?: AdviserNotifier;
  /** One line for the start-up banner. */
  describe(): string;
  /** Waits for answers still being delivered after their turn was acknowledged, until `deadline` (default in 10 s). */
  stop(deadline?: Date): Promise<void>;
}

/**
 * Builds the Teams channel.
 *
 * @example
 * const teams = createTeamsChannel({ config: loadTeamsConfig(process.env), engine, db, escalations, logger });
 * app.use(teams.router);
 * console.log(teams.describe()); // "teams til (app-id …, SingleTenant, målgruppe public, rådgiverkanal fra)"
 */
export function createTeamsChannel(options: TeamsChannelOptions): TeamsChannel {
  const { config, engine, db, logger } = options;
  const adapter = createTeamsCloudAdapter(config, logger, options.authSettings, options.credentialsFactory);
  const sender = createProactiveSender(adapter, config.appId ?? '', { loopbackOnly: !config.authenticated });
  const store = createTeamsStore(createChannelRecords(db, TEAMS_CHANNEL));
  const delivery = options.delivery ?? createReplyDelivery({ db, logger });
  const port = createTeamsDeliveryPort(sender, {
    onReplySent: (conversationId, activityId, replyId) =>
      store
        .linkReply(conversationId, activityId, replyId)
        .catch((error: unknown) => logger.warn('teams: could not link the sent message to its reply (feedback on it will be lost)', { error })),
    streamPacing: options.streamPacing,
  });
  const bot = new KraftcenterTeamsBot({
    engine,
    store,
    sender,
    delivery,
    port,
    logger,
    audience: config.audience,
    turnBudgetMs: options.turnBudgetMs ?? DEFAULT_TURN_BUDGET_MS,
    submissions: options.submissions,
    onAdviserAction: (context, action) =>
      handleAdviserAction(context, action, { escalations: options.escalations, advisers: options.advisers, logger }),
  });
  if (!config.authenticated) {
    logger.warn(
      'teams: emulator mode (TEAMS_EMULATOR=true, no MICROSOFT_APP_ID): POST /api/messages is UNAUTHENTICATED and accepts only requests from this machine; adviser actions are refused. Set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD, MICROSOFT_APP_TENANT_ID and MICROSOFT_APP_TYPE for Teams.',
    );
  }
  const router = createTeamsRouter({ adapter, bot, authenticated: config.authenticated, logger, authTimeoutMs: options.authTimeoutMs });
  return {
    name: TEAMS_CHANNEL,
    router,
    routes: { mount: 'webhook', handler: router },
    deliveryPort: port,
    notifier: config.adviserChannel ? createTeamsAdviserNotifier(sender, config.adviserChannel) : undefined,
    start: async () => undefined,
    stop: (deadline = new Date(Date.now() + 10_000)) => delivery.drain(deadline),
    describe: () => describeTeams(config),
  };
}

/**
 * Teams' place in the server's channel list: on with MICROSOFT_APP_ID (or TEAMS_EMULATOR=true); off, POST
 * /api/messages answers 401 – closed by default, never an open endpoint.
 */
export const planTeamsChannel: PlanChannel = (env) => {
  const config = loadTeamsConfig(env);
  return ({ engine, db, escalations, advisers, submissions, logger, delivery }) =>
    config
      ? createTeamsChannel({ config, engine, db, escalations, advisers, submissions, logger, delivery })
      : offChannel(TEAMS_CHANNEL, 'teams: fra (sæt MICROSOFT_APP_ID m.fl. for at slå til; TEAMS_EMULATOR=true til lokal test)', {
          mount: 'webhook',
          handler: createTeamsOffRouter(),
        });
};

/** The banner line: loud in emulator mode. */
export function describeTeams(config: TeamsConfig): string {
  if (!config.authenticated) {
    return 'teams til (emulator mode: unauthenticated, loopback only — kun Bot Framework Emulator på denne maskine, ingen rådgiverhandlinger)';
  }
  const adviserChannel = config.adviserChannel ? 'rådgiverkanal til' : 'rådgiverkanal fra';
  return `teams til (app-id ${config.appId}, ${config.appType}, målgruppe ${config.audience}, ${adviserChannel})`;
}
