/**
 * `npm start`: the composition root. Reads the settings, opens the database (ingesting the sample library into an
 * empty embedded one), builds the engine, the hand-off service and the engine's one delivery path, and serves every
 * channel in adapters/channels.ts from one HTTP server: the web chat, the advisers' console, Slack
 * (`POST /slack/events`) and Teams (`POST /api/messages`). The outbox dispatcher delivers adviser notifications and
 * replies into each user's own channel; housekeeping removes expired de-duplication claims and settled outbox rows
 * every hour.
 */
import http from 'node:http';
import express from 'express';
import { loadConfig } from '../config/env.js';
import { isUserFixableError } from '../config/app-error.js';
import { createReplyDelivery } from '../bot/delivery/index.js';
import { createOutboxDispatcher, createStoredMessageDeliveryPort, type AdviserNotifier, type DeliveryPort } from '../bot/escalation/index.js';
import { startHousekeeping } from '../bot/store/housekeeping.js';
import { openRuntime, type Runtime } from './bootstrap.js';
import { MOUNT_ORDER, type Channel } from './channel.js';
import { CHANNELS } from './channels.js';
import { describeStartup } from './describe-startup.js';
import { applyHttpTimeouts } from './web/index.js';

export interface StartedServer {
  runtime: Runtime;
  server: http.Server;
  url: string;
  /** One line per channel for the start-up banner. */
  channels: string[];
  close(): Promise<void>;
}

/** How long shutdown waits for answers in progress. */
const STOP_GRACE_MS = 10_000;

/** Starts the server on the configured port (0 picks a free one: tests). */
export async function startServer(env: Record<string, string | undefined> = process.env): Promise<StartedServer> {
  const config = loadConfig(env);
  // Channel settings are validated before anything is opened, so a bad one fails fast with its name.
  const plans = CHANNELS.map((plan) => plan(env));
  // The server holds an embedded database and shares it with the command-line tools on a socket in DATA_DIR.
  const runtime = await openRuntime(config, { shareDatabase: true });
  const { engine, escalations, advisers, logger } = runtime;
  const db = runtime.knowledge.db;
  const delivery = createReplyDelivery({ db, logger, concurrency: config.channels.maxAnswersInProgress });
  const channels: Channel[] = plans.map((build) => build({ config, engine, escalations, advisers, db, logger, delivery }));

  const app = express();
  app.disable('x-powered-by');
  if (config.http.trustProxy) app.set('trust proxy', true);
  // Platform webhooks first (they read their own bodies), the web app last (its last route answers 404).
  for (const mount of MOUNT_ORDER) {
    for (const channel of channels) if (channel.routes?.mount === mount) app.use(channel.routes.handler);
  }

  // `npm run ask` users read their hand-off messages from the database, like the web chat's.
  const deliveryPorts: DeliveryPort[] = [createStoredMessageDeliveryPort('cli')];
  const notifiers: AdviserNotifier[] = [];
  for (const channel of channels) {
    if (channel.deliveryPort) deliveryPorts.push(delivery.ordered(channel.deliveryPort));
    if (channel.notifier) notifiers.push(channel.notifier);
  }
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
  for (const channel of channels) await channel.start();
  dispatcher.start(2_000);
  const housekeeping = startHousekeeping(db, logger);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const url = `http://${config.http.host === '0.0.0.0' ? 'localhost' : config.http.host}:${port}/`;
  return {
    runtime,
    server,
    url,
    channels: channels.map((channel) => channel.describe()),
    close: async () => {
      housekeeping.stop();
      await dispatcher.stop();
      const deadline = new Date(Date.now() + STOP_GRACE_MS);
      for (const channel of [...channels].reverse()) await channel.stop(deadline);
      await delivery.drain(deadline);
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
