/**
 * Settings for the advisers' console and API, passed in by the composition root.
 */
import type { Db } from '../../knowledge/db/db.js';
import type { AdviserStore } from '../../bot/advisers/index.js';
import type { EscalationService } from '../../bot/escalation/escalation-port.js';
import type { ChangeFeed } from '../../bot/store/change-feed.js';
import type { EscalationSettings } from '../../bot/escalation/office-hours.js';
import type { InsightService } from '../../bot/insight/index.js';
import type { LibraryPublisher, SubmissionService } from '../../bot/submissions/submission-port.js';
import type { Logger } from '../../config/logger.js';

/** Options for {@link createConsoleApp}. */
export interface ConsoleAppOptions {
  escalations: EscalationService;
  advisers: AdviserStore;
  /** The engine's database (sign-in throttle; the shared change feed when `changes` is not given). */
  db: Db;
  /**
   * Where the live-update stream (`GET /api/escalations/stream`) gets its changes. Default: the process's shared
   * feed for `db` (`changeFeedFor`, bot/store/change-feed.ts), the one the web chat's streams use too.
   */
  changes?: ChangeFeed;
  logger: Logger;
  /** Injected clock (tests): session expiry is checked against it as well as by the store. */
  now?: () => Date;
  /** Poll interval of the shared feed, in ms, when this creates it. @default 1000 */
  pollMs?: number;
  /** Heartbeat interval of the live-update stream, in ms. @default 15000 */
  heartbeatMs?: number;
  /** Largest accepted JSON request body. @default 64 KB */
  maxBodyBytes?: number;
  /** The insight page's figures. @default createInsightService({ db, escalation, now }) */
  insights?: InsightService;
  /** Office hours (their time zone cuts the insight page's days and weeks) and the claim target. @default DEFAULT_ESCALATION_SETTINGS */
  escalation?: EscalationSettings;
  /** The Forslag queue's service (`/api/submissions`); without it the API is not mounted. */
  submissions?: SubmissionService;
  /** The Bibliotek page's uploads (`POST /api/library/uploads`); without it they answer 503 (the list still works). */
  library?: LibraryPublisher;
  /** Sign-in throttle: wrong tokens per address per window before 429. @default 10 per 15 minutes */
  signInThrottle?: { maxFailures?: number; windowSeconds?: number };
}

/** Name of the console's session cookie. */
export const SESSION_COOKIE = 'kc_adviser_session';

/** Header carrying the session's CSRF token on state-changing requests. */
export const CSRF_HEADER = 'X-CSRF-Token';
