/**
 * `POST /api/messages`: the Bot Framework endpoint Teams (or the Emulator) posts activities to. Authentication is
 * answered here (401 without a valid token, 503 while tokens cannot be verified, each with one log line), then the
 * turn runs on the CloudAdapter and the invoke response, if any, becomes the HTTP answer.
 */
import express from 'express';
import type { Activity, ActivityHandler } from 'botbuilder';
import type { Logger } from '../../config/logger.js';
import { classifyAuthError, createThrottledLog, withTimeout } from './auth-failures.js';
import type { TeamsCloudAdapter } from './teams-cloud-adapter.js';

/** Options for {@link createTeamsRouter}. */
export interface TeamsRouterOptions {
  adapter: TeamsCloudAdapter;
  bot: ActivityHandler;
  /** False without MICROSOFT_APP_ID: then only activities whose serviceUrl is on this machine are accepted. */
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

  router.post('/api/messages', express.json({ limit: options.maxBodySize ?? '1mb' }), async (request, response) => {
    const activity = toActivity(request.body);
    if (!activity) {
      response.status(400).type('text/plain').send('Expected a Bot Framework activity (JSON with type, conversation and serviceUrl).');
      return;
    }
    if (!authenticated && !isLocal(activity.serviceUrl)) {
      report('warn', 'not-local', `teams: refused an activity from ${activity.serviceUrl}: without MICROSOFT_APP_ID only a local Bot Framework Emulator may post here`);
      response.status(403).type('text/plain').send('Teams is not configured on this server (MICROSOFT_APP_ID is not set).');
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

/** True for a serviceUrl on this machine (the Emulator); anything else needs authentication. */
function isLocal(serviceUrl: string): boolean {
  try {
    return ['localhost', '127.0.0.1', '[::1]'].includes(new URL(serviceUrl).hostname);
  } catch {
    return false;
  }
}
