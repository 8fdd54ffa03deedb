/**
 * The health endpoints, for load balancers and orchestrators (no cookies, no caching):
 * - `GET /livez`: the process answers. Touches nothing else, so a database outage never gets the process restarted.
 * - `GET /readyz`: whether to send it work: the engine's health report (bot/engine/engine-health.ts), 200 when every
 *   part is ok, else 503 naming the first failing part (`failing`, `detail`). From the moment the server begins to
 *   shut down it answers 503 `failing: "shutdown"` at once, without asking the engine.
 * - `GET /healthz`: the same as `/readyz`, for probes configured before it existed.
 */
import { Router, type RequestHandler } from 'express';
import type { Engine } from '../../bot/engine-port.js';
import type { Logger } from '../../config/logger.js';

export interface HealthRoutesOptions {
  engine: Engine;
  logger: Logger;
  /** True once the server has begun to shut down (adapters/server.ts). */
  shuttingDown?: () => boolean;
}

/** Texts of the answers that are not the engine's report, Danish / English. */
export const HEALTH_ROUTE_TEXTS = {
  shutdown: 'Serveren lukker ned / the server is shutting down',
  failed: 'Sundhedstjekket fejlede / the health check failed',
} as const;

/**
 * Builds the router with the three endpoints.
 *
 * @example
 * app.use(healthRoutes({ engine, logger, shuttingDown: () => stopping }));
 */
export function healthRoutes(options: HealthRoutesOptions): Router {
  const router = Router();
  router.get('/livez', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ ok: true });
  });
  const ready = readinessRoute(options);
  router.get('/readyz', ready);
  router.get('/healthz', ready);
  return router;
}

/** A health check that throws is reported as 503, not as a 500. */
function readinessRoute({ engine, logger, shuttingDown }: HealthRoutesOptions): RequestHandler {
  return async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    if (shuttingDown?.()) {
      res.status(503).json({ ok: false, failing: 'shutdown', detail: HEALTH_ROUTE_TEXTS.shutdown });
      return;
    }
    try {
      const report = await engine.health();
      res.status(report.ok ? 200 : 503).json(report);
    } catch (cause) {
      logger.warn('health check failed', { cause });
      res.status(503).json({ ok: false, detail: HEALTH_ROUTE_TEXTS.failed });
    }
  };
}
