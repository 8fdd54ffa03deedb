/**
 * The web channel: the chat page (static files in `public/`, with `widget.js`, the script that embeds it on other
 * sites), the JSON API under `/api`, and the health endpoints `/livez`, `/readyz` and `/healthz` (health-route.ts).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { changeFeedFor } from '../../bot/store/change-feed.js';
import { requestLogging } from '../../observability/request-logging.js';
import { createAnswersInProgress } from './answers-in-progress.js';
import { createApiRouter } from './create-api-router.js';
import { createErrorHandler } from './error-handler.js';
import { healthRoutes } from './health-route.js';
import { databaseRateCounter, DEFAULT_WEB_RATE_LIMITS, memoryRateCounter } from './request-limits.js';
import { securityHeaders } from './security-headers.js';
import { DEFAULT_MAX_BODY_BYTES, silentLogger, type WebAppOptions } from './web-app-options.js';

/** Folder with the chat page's HTML, CSS and JS. */
export const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');

/**
 * Builds the express app for the web channel. It does not listen; the caller does (`app.listen(port, host)`).
 *
 * @example
 * const app = createWebApp({ engine, audience: 'public', logger: createLogger(), db: knowledge.db });
 * app.listen(3000, '127.0.0.1');
 */
export function createWebApp(options: WebAppOptions): express.Express {
  const { engine, audience = 'public', logger = silentLogger, maxBodyBytes = DEFAULT_MAX_BODY_BYTES, db } = options;
  const events = db
    ? { db, changes: options.changes ?? changeFeedFor(db, { intervalMs: options.eventPollMs, logger }), logger, heartbeatMs: options.eventHeartbeatMs }
    : undefined;
  const answers = options.answers ?? createAnswersInProgress(options.maxAnswersInProgress);
  const rateLimits = { ...DEFAULT_WEB_RATE_LIMITS, ...options.rateLimits };
  const rateCounter = options.rateCounter ?? (db ? databaseRateCounter(db) : memoryRateCounter());
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', 'strong');
  // Request id (X-Request-Id), the request's log context and its access line (observability/request-logging.ts).
  app.use(requestLogging({ logger }));
  app.use(securityHeaders({ frameAncestors: options.embedOrigins }));
  // Framed by another site (the widget on an intranet), the browser sends the visitor's cookie only if it is
  // SameSite=None; anonymous-user.ts sets that (Secure, Partitioned) over HTTPS when embedding is allowed.
  const embeddable = (options.embedOrigins ?? []).length > 0;
  if (embeddable) app.use((_req, res, next) => ((res.locals.embeddable = true), next()));

  app.use(healthRoutes({ engine, logger, shuttingDown: options.shuttingDown }));
  app.use('/api', createApiRouter({ engine, audience, maxBodyBytes, events, answers, rateLimits, rateCounter, logger, submissions: options.submissions, db }));
  app.use(
    express.static(PUBLIC_DIR, {
      index: 'index.html',
      extensions: false,
      dotfiles: 'ignore',
      setHeaders: (res) => res.set('Cache-Control', 'no-cache'),
    }),
  );

  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Siden findes ikke.');
  });
  app.use(createErrorHandler(logger, maxBodyBytes));
  return app;
}
