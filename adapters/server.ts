/**
 * `npm start`: the composition root. Reads the settings, opens the database (ingesting the sample library into an
 * empty embedded one), builds the engine, the hand-off service and the engine's one delivery path, and serves every
 * channel in adapters/channels.ts from one HTTP server: the web chat, the advisers' console, Slack
 * (`POST /slack/events`) and Teams (`POST /api/messages`). The outbox dispatcher delivers adviser notifications and
 * replies into each user's own channel; housekeeping removes expired de-duplication claims and settled outbox rows
 * every hour.
 *
 * SIGTERM / SIGINT shut it down gracefully (see `close` below and adapters/shutdown-signals.ts); `npm run start:prod`
 * runs the same file compiled (`node dist/adapters/server.js`).
 */
import fs from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { ConfigError, loadConfig } from '../config/env.js';
import { isUserFixableError } from '../config/app-error.js';
import { createReplyDelivery } from '../bot/delivery/index.js';
import { createOutboxDispatcher, createStoredMessageDeliveryPort, type AdviserNotifier, type DeliveryPort } from '../bot/escalation/index.js';
import { startHousekeeping } from '../bot/store/housekeeping.js';
import { openRuntime, type Runtime } from './bootstrap.js';
import { MOUNT_ORDER, type Channel } from './channel.js';
import { CHANNELS } from './channels.js';
import { describeStartup } from './describe-startup.js';
import { shedLoadFirst } from './load-shedding.js';
import { trackRequests } from './http-drain.js';
import { createMetrics } from '../observability/metrics.js';
import { httpMetrics } from '../observability/metrics-http.js';
import { requestLogging } from '../observability/request-logging.js';
import { registerOperationsMetrics } from '../observability/metrics-operations.js';
import { startMetricsServer, type MetricsServer } from '../observability/metrics-server.js';
import { noteNewConnection } from '../knowledge/index.js';
import { exitOnSignals } from './shutdown-signals.js';
import { applyHttpTimeouts } from './web/index.js';

export interface StartedServer {
  runtime: Runtime;
  server: http.Server;
  url: string;
  /** With METRICS_PORT: where Prometheus scrapes (`http://host:port/metrics`), a server apart from `url`'s. */
  metricsUrl?: string;
  /** One line per channel for the start-up banner. */
  channels: string[];
  /** True from the moment `close` is called: `/readyz` answers 503. */
  readonly shuttingDown: boolean;
  /**
   * The graceful shutdown (once; later calls get the same promise): `/readyz` turns 503 and the server stops
   * accepting connections at once; answers in progress (web requests, Slack and Teams answers) may finish until
   * SHUTDOWN_TIMEOUT_MS, open event streams end at once, then what is left is cut; the outbox dispatcher finishes
   * its run in progress; the database closes last.
   */
  close(): Promise<void>;
}

/** Starts the server on the configured port (0 picks a free one: tests). */
export async function startServer(env: Record<string, string | undefined> = process.env): Promise<StartedServer> {
  const config = loadConfig(env);
  // Channel settings are validated before anything is opened, so a bad one fails fast with its name.
  const plans = CHANNELS.map((plan) => plan(env));
  // The server holds an embedded database and shares it with the command-line tools on a socket in DATA_DIR.
  const metrics = config.metrics ? createMetrics() : undefined;
  const runtime = await openRuntime(config, { shareDatabase: true, metrics });
  const { engine, escalations, advisers, submissions, library, logger } = runtime;
  const db = runtime.knowledge.db;
  const delivery = createReplyDelivery({ db, logger, concurrency: config.channels.maxAnswersInProgress });
  let shuttingDown = false;
  const channels: Channel[] = plans.map((build) =>
    build({ config, engine, escalations, advisers, submissions, library, db, logger, delivery, shuttingDown: () => shuttingDown }),
  );

  const app = express();
  app.disable('x-powered-by');
  if (config.http.trustProxy) app.set('trust proxy', true);
  // Every route, Slack's and Teams' too: a request id, its log context and an access line.
  app.use(requestLogging({ logger }));
  // Every channel's requests, by route pattern and status (observability/metrics-http.ts).
  if (metrics) app.use(httpMetrics(metrics));
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

  // The metrics server starts before the public one takes requests; a taken METRICS_PORT stops the start cleanly.
  let metricsServer: MetricsServer | undefined;
  if (metrics && config.metrics) {
    registerOperationsMetrics(metrics, db, { onError: (error) => logger.warn('metrics: reading the operations gauges failed', { error }) });
    metricsServer = await startMetricsServer({
      registry: metrics.registry, port: config.metrics.port, host: config.metrics.host,
      onError: (error) => logger.warn('metrics: collecting failed', { error }),
    }).catch(async (error: NodeJS.ErrnoException) => {
      await runtime.close();
      throw error.code === 'EADDRINUSE' ? new ConfigError([`METRICS_PORT: port ${config.metrics?.port} is in use; choose a free one`]) : error;
    });
    logger.info(`metrics: GET ${metricsServer.url}`);
  }
  // Keep-alive above the load balancer's idle timeout: no resets when it reuses a connection we are closing.
  // Refusals over a channel's capacity are written before the app's logging and routing (load-shedding.ts).
  const listener = shedLoadFirst(app, { channels, logger, metrics, trustProxy: app.get('trust proxy fn') });
  const server = applyHttpTimeouts(http.createServer(listener));
  // The embedded database lets a burst of new connections in before its next statement (knowledge/db/new-connections.ts).
  server.on('connection', noteNewConnection);
  const requests = trackRequests(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, () => resolve());
  });
  for (const channel of channels) await channel.start();
  dispatcher.start(2_000);
  const housekeeping = startHousekeeping(db, logger, { retentionDays: config.retention.days });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const url = `http://${config.http.host === '0.0.0.0' ? 'localhost' : config.http.host}:${port}/`;
  const shutdown = async () => {
    shuttingDown = true;
    const timeoutMs = config.shutdown.timeoutMs;
    const deadline = new Date(Date.now() + timeoutMs);
    logger.info('shutdown: /readyz answers 503, no new connections; waiting for answers in progress', {
      timeoutMs, requestsInProgress: requests.inProgress,
    });
    housekeeping.stop();
    const web = requests.drain(deadline);
    for (const channel of [...channels].reverse()) {
      await channel.stop(deadline);
      logger.info(`shutdown: channel ${channel.name} stopped`);
    }
    await delivery.drain(deadline);
    const { finished, streamsEnded, cut } = await web;
    logger[cut > 0 ? 'warn' : 'info']('shutdown: HTTP server closed', { finished, streamsEnded, cut });
    // The dispatcher ran on while the answers finished (they may have queued deliveries); its run in progress ends now.
    const flushed = await settlesBy(dispatcher.stop(), new Date(Math.max(deadline.getTime(), Date.now() + 1_000)));
    logger[flushed ? 'info' : 'warn'](flushed ? 'shutdown: outbox dispatcher stopped' : 'shutdown: outbox dispatcher still busy; its leases expire and another run retries');
    await metricsServer?.close();
    await runtime.close();
    logger.info('shutdown: database closed');
  };
  let closing: Promise<void> | undefined;
  return {
    runtime,
    server,
    url,
    ...(metricsServer ? { metricsUrl: metricsServer.url } : {}),
    channels: channels.map((channel) => channel.describe()),
    get shuttingDown() {
      return shuttingDown;
    },
    close: () => (closing ??= shutdown()),
  };
}

/** Whether `work` settles before `deadline` (it keeps running either way). */
async function settlesBy(work: Promise<unknown>, deadline: Date): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, deadline.getTime() - Date.now()))));
  const settled = work.then(() => true as const, () => true as const);
  return Promise.race([settled, late]).finally(() => clearTimeout(timer));
}

/** Started as a program (`tsx adapters/server.ts`, `node dist/adapters/server.js`), not imported (tests, benchmarks). */
const isMain = process.argv[1] !== undefined && realPath(process.argv[1]) === realPath(fileURLToPath(import.meta.url));
if (isMain) {
  startServer()
    .then((started) => {
      console.log(describeStartup(started.runtime, started.url, started.channels));
      exitOnSignals({
        shutdown: () => started.close(),
        logger: started.runtime.logger,
        hardLimitMs: started.runtime.config.shutdown.timeoutMs + 5_000,
      });
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

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}
