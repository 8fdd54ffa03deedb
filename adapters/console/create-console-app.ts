/**
 * The advisers' console and API as one express router, for the same process as the web chat:
 *   /advisers/**           sign-in page, sign-in/-out, the console page and its assets (session-routes.ts)
 *   /api/escalations/**    the queue and the actions (escalation-routes.ts)
 *   /api/advisers/**       colleagues and "who am I" (colleague-routes.ts)
 *   /api/insight/**        the insight page's figures and gap drafts (insight-routes.ts)
 *   /api/submissions/**    the Forslag queue: review, edit, ask, reject, publish (submission-routes.ts)
 *   /api/library/**        the Bibliotek page: documents, upload, unpublish (library-routes.ts)
 * Anything else falls through to the next handler (the web chat).
 */
import express from 'express';
import { createInsightService } from '../../bot/insight/index.js';
import { createErrorHandler } from '../web/error-handler.js';
import { securityHeaders } from '../web/security-headers.js';
import { DEFAULT_MAX_BODY_BYTES } from '../web/web-app-options.js';
import { changeFeedFor, type ChangeFeed } from '../../bot/store/change-feed.js';
import { createColleagueRoutes } from './colleague-routes.js';
import type { ConsoleAppOptions } from './console-options.js';
import { createEscalationRoutes } from './escalation-routes.js';
import { createInsightRoutes } from './insight-routes.js';
import { createLibraryRoutes } from './library-routes.js';
import { createSessionRoutes } from './session-routes.js';
import { createSubmissionRoutes } from './submission-routes.js';
import { createSignInThrottle } from './sign-in-throttle.js';

/** The router, plus `close()` to stop the shared live-update poller (call it before closing the database). */
export type ConsoleApp = express.Router & { close(): void; readonly feed: ChangeFeed };

/**
 * Builds the console router. Mount it before the web app, whose last route answers 404 for everything else.
 *
 * @example
 * const advisers = createAdviserStore(db);
 * const console = createConsoleApp({ escalations, advisers, db, logger });
 * app.use(console);
 * app.use(createWebApp({ engine, logger, db }));
 */
export function createConsoleApp(options: ConsoleAppOptions): ConsoleApp {
  const { escalations, advisers, db, logger } = options;
  const now = options.now ?? (() => new Date());
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const feed = options.changes ?? changeFeedFor(db, { intervalMs: options.pollMs, logger });
  const errors = createErrorHandler(logger, maxBodyBytes);

  const router = express.Router();
  const scoped = (mounted: express.Router) => express.Router().use(securityHeaders(), mounted, errors);
  const throttle = createSignInThrottle(db, { ...options.signInThrottle, now });
  router.use('/advisers', scoped(createSessionRoutes({ advisers, logger, now, throttle })));
  router.use(
    '/api/escalations',
    scoped(createEscalationRoutes({ escalations, advisers, feed, now, maxBodyBytes, heartbeatMs: options.heartbeatMs, throttle })),
  );
  router.use('/api/advisers', scoped(createColleagueRoutes(advisers, now, throttle)));
  const insights = options.insights ?? createInsightService({ db, now, ...(options.escalation ? { escalation: options.escalation } : {}) });
  router.use('/api/insight', scoped(createInsightRoutes({ insights, advisers, now, throttle })));
  if (options.submissions) {
    router.use('/api/submissions', scoped(createSubmissionRoutes({ submissions: options.submissions, advisers, now, maxBodyBytes, throttle })));
  }
  const { library, submissions } = options;
  router.use('/api/library', scoped(createLibraryRoutes({ db, advisers, now, maxBodyBytes, throttle, ...(library ? { library } : {}), ...(submissions ? { submissions } : {}) })));

  return Object.assign(router, { close: () => feed.close(), feed });
}
