/**
 * `npm start`: the composition root. Reads the settings, opens the database (ingesting the sample library into an
 * empty embedded one), builds the engine and the hand-off service, and serves every enabled channel from one HTTP
 * server: the web chat, the advisers' console, Slack (`POST /slack/events`) and Teams (`POST /api/messages`).
 * The outbox dispatcher delivers adviser notifications and replies into each user's own channel; housekeeping
 * removes expired de-duplication claims and settled outbox rows every hour.
 */
import http from 'node:http';
import express from 'express';
import { loadConfig } from '../config/env.js';
import { isUserFixableError } from '../config/app-error.js';
import { createOutboxDispatcher, storedMessageDeliveryPorts, type AdviserNotifier, type DeliveryPort } from '../bot/escalation/index.js';
import { startHousekeeping } from '../bot/store/housekeeping.js';
import { openRuntime, type Runtime } from './bootstrap.js';
import { createConsoleApp } from './console/index.js';
import { describeStartup } from './describe-startup.js';
import { createSlackChannel, loadSlackConfig } from './slack/index.js';
import { createTeamsChannel, createTeamsOffRouter, loadTeamsConfig } from './teams/index.js';
import { applyHttpTimeouts, createWebApp, DEFAULT_WEB_RATE_LIMITS } from './web/index.js';

export interface StartedServer {
  runtime: Runtime;
  server: http.Server;
  url: string;
  /** One line per channel for the start-up banner. */
  channels: string[];
  close(): Promise<void>;
}

/** Starts the server on the configured port (0 picks a free one: tests). */
export async function startServer(env: Record<string, string | undefined> = process.env): Promise<StartedServer> {
  const config = loadConfig(env);
  // Channel settings are validated before anything is opened, so a bad one fails fast with its name.
  const slackConfig = loadSlackConfig(env);
  const teamsConfig = loadTeamsConfig(env);
  // The server holds an embedded database and shares it with the command-line tools on a socket in DATA_DIR.
  const runtime = await openRuntime(config, { shareDatabase: true });
  const { engine, escalations, advisers, logger } = runtime;
  const db = runtime.knowledge.db;

  const app = express();
  app.disable('x-powered-by');
  if (config.http.trustProxy) app.set('trust proxy', true);

  const notifiers: AdviserNotifier[] = [];
  const deliveryPorts: DeliveryPort[] = [...storedMessageDeliveryPorts()];
  const channels = ['web: til (chat på /)', 'rådgiverkonsol: til (/advisers)'];

  // Platform routers first: the web app's last route answers 404 for anything else.
  const teams = teamsConfig ? createTeamsChannel({ config: teamsConfig, engine, db, escalations, advisers, logger }) : undefined;
  if (teams) {
    app.use(teams.router);
    deliveryPorts.push(teams.deliveryPort);
    if (teams.notifier) notifiers.push(teams.notifier);
    channels.push(teams.describe());
  } else {
    app.use(createTeamsOffRouter()); // 401 on POST /api/messages: closed by default, never an open endpoint
    channels.push('teams: fra (sæt MICROSOFT_APP_ID m.fl. for at slå til; TEAMS_EMULATOR=true til lokal test)');
  }

  const slack = slackConfig ? createSlackChannel({ config: slackConfig, engine, db, escalations, advisers, logger }) : undefined;
  if (slack) {
    if (slack.router) app.use(slack.router);
    deliveryPorts.push(slack.deliveryPort);
    if (slack.notifier) notifiers.push(slack.notifier);
    channels.push(slack.describe());
  } else channels.push('slack: fra (sæt SLACK_BOT_TOKEN og SLACK_SIGNING_SECRET for at slå til)');

  const consoleApp = createConsoleApp({ escalations, advisers, db, logger });
  app.use(consoleApp);
  app.use(
    createWebApp({
      engine,
      audience: config.web.audience,
      logger,
      db,
      maxAnswersInProgress: config.web.maxAnswersInProgress,
      rateLimits: { chat: { ...DEFAULT_WEB_RATE_LIMITS.chat, perAddress: config.web.chatsPerAddressPerMinute } },
    }),
  );

  const dispatcher = createOutboxDispatcher({
    db,
    notifiers,
    deliveryPorts,
    logger,
    backoff: { baseMs: 5_000, maxMs: 15 * 60_000, maxAttempts: 10 },
  });

  // Keep-alive above the load balancer's idle timeout: no resets when it reuses a connection we are closing.
  const server = applyHttpTimeouts(http.createServer(app));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, () => resolve());
  });
  await slack?.start();
  dispatcher.start(2_000);
  const housekeeping = startHousekeeping(db, logger);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const url = `http://${config.http.host === '0.0.0.0' ? 'localhost' : config.http.host}:${port}/`;
  return {
    runtime,
    server,
    url,
    channels,
    close: async () => {
      housekeeping.stop();
      await dispatcher.stop();
      consoleApp.close();
      await slack?.stop();
      await teams?.drain();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
    },
  };
}

const isMain = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('adapters/server.ts');
if (isMain) {
  startServer()
    .then((started) => {
      console.log(describeStartup(started.runtime, started.url, started.channels));
      const shutdown = () => {
        started.runtime.logger.info('shutting down');
        started.close().finally(() => process.exit(0));
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    })
    .catch((error: Error) => {
      if (isUserFixableError(error)) {
        console.error(`Kan ikke starte: ${error.message}`);
      } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        console.error(`Kan ikke starte: porten er optaget (${error.message}). Sæt PORT til en ledig port.`);
      } else {
        console.error('Kan ikke starte:', error);
      }
      process.exit(1);
    });
}
