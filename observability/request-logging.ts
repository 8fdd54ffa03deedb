/**
 * Express middleware that gives every HTTP request an id and an access log line: the id is a trusted proxy's
 * `X-Request-Id` (only when express trusts the peer, TRUST_PROXY) or a new UUID, is echoed in the response's
 * `X-Request-Id`, and the rest of the request's handling — routes, engine, stores, and work that goes on after the
 * response — runs inside its request context, so every line logged for it carries `requestId`. The access line
 * (pino-http, at the end of the request) holds method, path, status and time; `authorization` and `cookie` headers
 * are redacted, personal data in the URL is masked, and the body is never logged.
 *
 * Mounted once on the outer app (adapters/server.ts: Slack's and Teams' routes are in front of the web app) and by
 * createWebApp; a request already handled by an outer mount is passed straight on.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import { pinoOf, type Logger } from '../config/logger.js';
import { maskLogText, maskLogValue } from './log-privacy.js';
import { acceptableRequestId, newRequestId, runInRequestContext } from './request-context.js';

/** The request and response header carrying the request id. */
export const REQUEST_ID_HEADER = 'X-Request-Id';

/** Headers the access log never shows. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);
/** Headers about this server, not about the person asking: written as they are. */
const SERVER_HEADERS = new Set(['host']);
/** Health probes answer every few seconds: their access lines are debug unless they fail. */
const PROBE_PATHS = new Set(['/livez', '/readyz', '/healthz']);

const HANDLED = Symbol('kraftcenter.requestLogging');

type Marked = IncomingMessage & { [HANDLED]?: true; id?: unknown };

/**
 * The middleware; see the module comment.
 *
 * @example
 * app.use(requestLogging({ logger }));
 */
export function requestLogging(options: { logger: Logger }): RequestHandler {
  const access = accessLog(options.logger);
  return (req, res, next) => {
    const marked = req as Marked;
    if (marked[HANDLED]) return next();
    marked[HANDLED] = true;
    const requestId = requestIdFor(req);
    marked.id = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    runInRequestContext({ requestId }, () => (access ? access(req, res, next) : next()));
  };
}

/** The proxy's `X-Request-Id` when express trusts the peer that sent it (TRUST_PROXY) and it looks like an id. */
export function requestIdFor(req: Request): string {
  return requestIdTrusting(req, req.app?.get('trust proxy fn'));
}

/**
 * {@link requestIdFor} for a request express has not seen (adapters/load-shedding.ts): `trust` is the app's
 * `trust proxy fn` setting.
 */
export function requestIdTrusting(req: IncomingMessage, trust: unknown): string {
  // The header first: the peer's address is a system call (getpeername), wasted on requests that carry no id.
  const offered = acceptableRequestId(req.headers[REQUEST_ID_HEADER_NAME]);
  const trusted = offered !== undefined && typeof trust === 'function' && trust(req.socket.remoteAddress ?? '', 0) === true;
  return trusted ? offered : newRequestId();
}

const REQUEST_ID_HEADER_NAME = REQUEST_ID_HEADER.toLowerCase();

/** pino-http on the logger's pino instance; none for a logger not made by createLogger (tests that record calls). */
function accessLog(logger: Logger): ((req: IncomingMessage, res: ServerResponse, next: () => void) => void) | undefined {
  const base = pinoOf(logger);
  if (!base) return undefined;
  return pinoHttp({
    logger: base,
    // The id was chosen above (requestIdFor); pino-http only reads it.
    genReqId: (req) => (req as Marked).id as string,
    wrapSerializers: false,
    serializers: { req: serializeRequest, res: serializeResponse, err: (value: unknown) => value },
    customLogLevel: (req, res, error) => {
      // A 503 with Retry-After is the server shedding load on purpose (the answers cap, shutting down): a burst of
      // them is a warning to look at capacity, not hundreds of errors.
      if (!error && res.statusCode === 503 && res.hasHeader('Retry-After')) return 'warn';
      if (error || res.statusCode >= 500) return 'error';
      return PROBE_PATHS.has(pathOf(req)) ? 'debug' : 'info';
    },
    customSuccessMessage: (req, res) => (res.writableEnded ? 'request completed' : 'request aborted'),
    customErrorMessage: () => 'request failed',
    // The line is written when the response ends, maybe outside the request's context: the id goes in explicitly.
    customSuccessObject: (req, _res, value) => ({ ...value, requestId: (req as Marked).id }),
    // The cause was logged where it was handled (error-handler.ts); here only what it was, without a stack.
    customErrorObject: (req, _res, error, value) => ({ ...value, err: { type: error.name, message: maskLogText(error.message) }, requestId: (req as Marked).id }),
  });
}

function pathOf(req: IncomingMessage): string {
  return ((req as Request).originalUrl ?? req.url ?? '').split('?')[0]!;
}

function serializeRequest(req: IncomingMessage): Record<string, unknown> {
  const headers: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name] = SECRET_HEADERS.has(name) ? '[redacted]' : SERVER_HEADERS.has(name) ? value : maskLogValue(value);
  }
  return { method: req.method, url: maskLogText((req as Request).originalUrl ?? req.url ?? ''), headers };
}

function serializeResponse(res: ServerResponse): Record<string, unknown> {
  return { statusCode: res.statusCode };
}
