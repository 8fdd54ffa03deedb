/**
 * The server's request listener: each channel's `shedLoad` (adapters/channel.ts) sees a request first, and what it
 * refuses is answered here at once, without the request logging, metrics middleware and routing that every other
 * request goes through; the rest go to the express app.
 *
 * Why: a burst of visitors beyond the answers cap (200 at once against a cap of 32) is refused one request at a
 * time on the one thread that also runs the answers. Through express a refusal cost 400–670 µs of that thread
 * (pino-http's child logger and header serialisation, the routers, express's response helpers), 168 of them about
 * 100 ms; written here one costs about 60 µs (`npm run bench -- load`, from the request event to the response).
 * A refusal is still counted in the HTTP metrics and logged at warn, like any 503 with Retry-After.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from '../config/logger.js';
import { secondsSince, type Metrics } from '../observability/metrics.js';
import { REQUEST_ID_HEADER, requestIdTrusting } from '../observability/request-logging.js';
import type { Channel, ShedResponse } from './channel.js';

export interface LoadSheddingOptions {
  channels: readonly Channel[];
  logger: Logger;
  metrics?: Metrics;
  /** The app's `trust proxy fn`: a trusted proxy's `X-Request-Id` is kept, as for every other request. */
  trustProxy?: unknown;
}

/**
 * Wraps `app` so that the channels' refusals are written before it sees the request.
 *
 * @example
 * const server = http.createServer(shedLoadFirst(app, { channels, logger, metrics, trustProxy: app.get('trust proxy fn') }));
 */
export function shedLoadFirst(app: RequestListener, options: LoadSheddingOptions): RequestListener {
  const sheds = options.channels.flatMap((channel) => (channel.shedLoad ? [channel.shedLoad] : []));
  if (sheds.length === 0) return app;
  return (req, res) => {
    for (const shed of sheds) {
      const refusal = shed(req);
      if (refusal) return refuse(req, res, refusal, options);
    }
    return app(req, res);
  };
}

function refuse(req: IncomingMessage, res: ServerResponse, refusal: ShedResponse, options: LoadSheddingOptions): void {
  const start = performance.now();
  const requestId = requestIdTrusting(req, options.trustProxy);
  res.writeHead(refusal.status, {
    ...refusal.headers,
    [REQUEST_ID_HEADER]: requestId,
    'Content-Length': String(Buffer.byteLength(refusal.body)),
  });
  res.end(refusal.body);
  const labels = { method: req.method ?? 'other', route: refusal.route, status: String(refusal.status) };
  options.metrics?.http.requests.inc(labels);
  options.metrics?.http.duration.observe(labels, secondsSince(start));
  // The access line's shape (request-logging.ts), with the route pattern for the URL: nothing personal to mask.
  options.logger.warn('request refused: over capacity', {
    req: { method: req.method, url: refusal.route },
    res: { statusCode: refusal.status },
    retryAfter: refusal.headers['Retry-After'],
    requestId,
  });
}
