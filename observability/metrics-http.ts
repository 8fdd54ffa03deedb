/**
 * Express middleware that counts and times every request to the web app by method, route pattern and status:
 * `/api/conversations/:conversationId/events`, never the raw URL (ids would make a series per conversation).
 *
 * The pattern is taken when express matches a route (`req.route` is set), joined with the router's mount path at that
 * moment: when the response ends, an error may already have left the router and reset `req.baseUrl`. Requests no
 * route matched are `static` (a file of the chat page), `unmatched` (404) or `other`.
 */
import type { Request, RequestHandler } from 'express';
import { secondsSince, type Metrics } from './metrics.js';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Records each request of the app it is mounted on (first, before any route) in `metrics.http`. */
export function httpMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const start = performance.now();
    const route = watchRoute(req);
    res.once('finish', () => record(false));
    // A client that goes away before the end (a closed event stream) still made a request.
    res.once('close', () => record(true));
    let recorded = false;
    function record(closed: boolean) {
      if (recorded) return;
      recorded = true;
      const status = closed && !res.writableFinished && !res.headersSent ? 'aborted' : String(res.statusCode);
      const labels = {
        method: METHODS.has(req.method) ? req.method : 'other',
        route: route.pattern() ?? unroutedLabel(req, res.statusCode),
        status,
      };
      metrics.http.requests.inc(labels);
      metrics.http.duration.observe(labels, secondsSince(start));
    }
    next();
  };
}

/** Remembers the last route pattern express assigns to `req.route` (with the mount path of that moment). */
function watchRoute(req: Request): { pattern(): string | undefined } {
  let route: unknown;
  let pattern: string | undefined;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set: (value: unknown) => {
      route = value;
      const path = (value as { path?: unknown } | undefined)?.path;
      if (typeof path === 'string') pattern = joinPath(req.baseUrl ?? '', path);
    },
  });
  return { pattern: () => pattern };
}

function joinPath(base: string, path: string): string {
  const joined = `${base.replace(/\/$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
  return joined === '' ? '/' : joined;
}

function unroutedLabel(req: Request, status: number): string {
  if (status === 404) return 'unmatched';
  if ((req.method === 'GET' || req.method === 'HEAD') && status < 400) return 'static';
  return 'other';
}
