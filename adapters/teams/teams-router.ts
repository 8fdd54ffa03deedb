/**
 * `POST /api/messages`: the Bot Framework endpoint Teams (or the Emulator) posts activities to. Authentication is
 * answered here (401 without a valid token, 503 while tokens cannot be verified, each with one log line; in emulator
 * mode 403 for anything not from this machine), then the turn runs on the CloudAdapter and the invoke response, if
 * any, becomes the HTTP answer. {@link createTeamsOffRouter} answers the same path when Teams is not configured.
 */
import express from 'express';
import type { Activity, ActivityHandler } from 'botbuilder';
import type { Logger } from '../../config/logger.js';
import { classifyAuthError, createThrottledLog, withTimeout } from './auth-failures.js';
import { isLoopbackRequest, isLoopbackUrl } from './loopback.js';
import type { TeamsCloudAdapter } from './teams-cloud-adapter.js';

/** Options for {@link createTeamsRouter}. */
export interface TeamsRouterOptions {
  adapter: TeamsCloudAdapter;
  bot: ActivityHandler;
  /**
   * False in emulator mode (TEAMS_EMULATOR=true, no MICROSOFT_APP_ID): then only requests from a loopback socket
   * address, without proxy headers, whose serviceUrl is on this machine too, are accepted.
   */
  authenticated: boolean;
  logger: Logger;
  /** Longest wait for the token check (Microsoft's metadata fetch has no timeout). @default 5000 */
  authTimeoutMs?: number;
  /** @default "1mb" */
  maxBodySize?: string;
}

/** The express router serving `POST /api/messages`. */
export function createTeamsRouter(options: TeamsRouterOptions): express.Router {
  const { adapter, bot, authenticated, logger } = options;
  const authTimeoutMs = options.authTimeoutMs ?? 5_000;
  const report = createThrottledLog(logger);
  const router = express.Router();

  const refuseNonLocal = (response: express.Response, what: string) => {
    report('warn', 'not-local', `teams: refused ${what}: emulator mode accepts only a Bot Framework Emulator on this machine`);
    response.status(403).json({
      error: 'teams_emulator_loopback_only',
      message: 'Teams runs in emulator mode on this server (TEAMS_EMULATOR=true, no MICROSOFT_APP_ID): only requests from this machine are accepted.',
    });
  };
  // Emulator mode: the source is checked before the body is even read.
  const fromThisMachine: express.RequestHandler = (request, response, next) => {
    if (authenticated || isLoopbackRequest(request)) return next();
    refuseNonLocal(response, `a request from ${request.socket.remoteAddress ?? 'an unknown address'}${request.headers['x-forwarded-for'] !== undefined ? ' (forwarded by a proxy)' : ''}`);
  };

  router.post('/api/messages', fromThisMachine, express.json({ limit: options.maxBodySize ?? '1mb' }), async (request, response) => {
    const activity = toActivity(request.body);
    if (!activity) {
      response.status(400).type('text/plain').send('Expected a Bot Framework activity (JSON with type, conversation and serviceUrl).');
      return;
    }
    if (!authenticated && !isLoopbackUrl(activity.serviceUrl)) {
      // The bot would answer at this URL: in emulator mode only the Emulator's own, on this machine.
      refuseNonLocal(response, `an activity whose serviceUrl is ${activity.serviceUrl}`);
      return;
    }
    let auth;
    try {
      auth = await withTimeout(adapter.authenticate(activity, request.get('authorization') ?? ''), authTimeoutMs);
    } catch (error) {
      const failure = classifyAuthError(error);
      if (failure.status === 401) {
        report('warn', 'unauthorized', `teams: refused a request without a valid Bot Framework token (${failure.reason})`);
        response.status(401).type('text/plain').send('Unauthorized.');
      } else {
        report('error', 'unreachable', `teams: cannot verify Bot Framework tokens, answering 503 until Microsoft's sign-in metadata is reachable (${failure.reason})`);
        response.status(503).set('Retry-After', '30').type('text/plain').send('Cannot verify the request right now; try again later.');
      }
      return;
    }
    try {
      const invokeResponse = await adapter.runTurn(auth, activity, (context) => bot.run(context));
      response.status(invokeResponse?.status ?? 200);
      if (invokeResponse?.body !== undefined) response.json(invokeResponse.body);
      else response.end();
    } catch (error) {
      logger.error('teams: could not process an activity', { error, type: activity.type });
      if (!response.headersSent) response.status(500).type('text/plain').send('Internal error.');
    }
  });

  // Malformed or oversized JSON: a short answer instead of the web app's error page.
  router.use('/api/messages', ((error, _request, response, next) => {
    const status = (error as { status?: number }).status;
    if (!status || status >= 500 || response.headersSent) return next(error);
    response.status(status).type('text/plain').send(status === 413 ? 'Request body too large.' : 'Malformed JSON.');
  }) as express.ErrorRequestHandler);
  return router;
}

/** The body as an activity (with botbuilder's timestamp fix-up), or undefined when it is not one. */
function toActivity(body: unknown): Activity | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const activity = body as Activity & { rawTimestamp?: string; rawLocalTimestamp?: string };
  if (typeof activity.type !== 'string' || typeof activity.serviceUrl !== 'string' || typeof activity.conversation?.id !== 'string') {
    return undefined;
  }
  if (typeof activity.timestamp === 'string') {
    activity.rawTimestamp = activity.timestamp;
    activity.timestamp = new Date(activity.timestamp);
  }
  if (typeof activity.localTimestamp === 'string') {
    activity.rawLocalTimestamp = activity.localTimestamp;
    activity.localTimestamp = new Date(activity.localTimestamp);
  }
  return activity;
}

/**
 * The router mounted when Teams is off (no MICROSOFT_APP_ID, no TEAMS_EMULATOR): `POST /api/messages` answers 401
 * with what to set, rather than a 404 that looks like a wrong URL, and nothing in the request is read.
 */
export function createTeamsOffRouter(): express.Router {
  const router = express.Router();
  router.post('/api/messages', (_request, response) => {
    response.status(401).json({
      error: 'teams_not_configured',
      message:
        'Teams is not set up on this server: set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID (or TEAMS_EMULATOR=true for a Bot Framework Emulator on this machine).',
    });
  });
  return router;
}
