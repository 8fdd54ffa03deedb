/**
 * `GET /healthz`: the engine's health report as JSON, 200 when everything is ok and 503 otherwise.
 */
import type { RequestHandler } from 'express';
import type { Engine } from '../../bot/engine-port.js';
import type { WebLogger } from './web-app-options.js';

/** Builds the health handler. A health check that throws is reported as 503, not as a 500. */
export function healthRoute(engine: Engine, logger: WebLogger): RequestHandler {
  return async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      const report = await engine.health();
      res.status(report.ok ? 200 : 503).json(report);
    } catch (cause) {
      logger.warn('health check failed', { cause });
      res.status(503).json({ ok: false, error: 'Sundhedstjekket fejlede.' });
    }
  };
}
