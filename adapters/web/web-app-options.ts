/**
 * Settings for the web channel, passed in by the server entry point (the adapter reads no environment itself).
 */
import type { Audience, Queryable } from '../../knowledge/index.js';
import type { Engine } from '../../bot/engine-port.js';
import type { ChangeFeed } from '../../bot/store/change-feed.js';
import type { SubmissionService } from '../../bot/submissions/submission-port.js';
import type { Logger } from '../../config/logger.js';
import type { RateCounter, WebRateLimits } from './request-limits.js';
import type { AnswersInProgress } from './answers-in-progress.js';

export { silentLogger } from '../../config/logger.js';

/** Options for {@link createWebApp}. */
export interface WebAppOptions {
  engine: Engine;
  /** Who the web users are: `internal` only for a deployment behind the centre's own login. Default `public`. */
  audience?: Audience;
  /** Where failures are logged. Default: a logger that discards everything. */
  logger?: Logger;
  /** Largest accepted JSON request body, in bytes. Default 64 KB. */
  maxBodyBytes?: number;
  /**
   * The database, for the hand-off event stream (`GET /api/conversations/:id/events`). Without it that route
   * answers 204 (no stream) and the page shows adviser replies only as they come back from `/api/chat`.
   */
  db?: Queryable;
  /**
   * Where the event stream's changes come from. Default: the process's shared feed for `db`
   * (`changeFeedFor`, bot/store/change-feed.ts), the one the advisers' console uses too.
   */
  changes?: ChangeFeed;
  /** How often that shared feed polls the database, in ms, when this creates it. Default 1000. */
  eventPollMs?: number;
  /** Heartbeat interval of the event stream, in ms. Default 15000. */
  eventHeartbeatMs?: number;
  /** Answers in progress at once in this process; past it `/api/chat` answers 503 with `Retry-After`. Default 32. */
  maxAnswersInProgress?: number;
  /** The counter of that cap, when the caller shares it (the web channel's `shedLoad`). Default: a new one. */
  answers?: AnswersInProgress;
  /** Per-address and per-user limits of the POST routes. Default DEFAULT_WEB_RATE_LIMITS. */
  rateLimits?: Partial<WebRateLimits>;
  /** Where the limits are counted. Default: in `db` when given (across instances), else in this process. */
  rateCounter?: RateCounter;
  /**
   * Origins (`https://host[:port]`) whose pages may show the chat in the widget's iframe (WEB_EMBED_ORIGINS): they
   * become the CSP's `frame-ancestors`. Default none: no page may frame the chat.
   */
  embedOrigins?: readonly string[];
  /** Takes the cases visitors share through "Del jeres erfaring". Default none: sending the form answers 503. */
  submissions?: SubmissionService;
  /** True once the server has begun to shut down: `/readyz` answers 503 at once. Default: never. */
  shuttingDown?: () => boolean;
}

/** Default for {@link WebAppOptions.maxBodyBytes}. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
