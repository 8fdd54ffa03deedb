/**
 * `GET /api/escalations/stream`: live updates for the console as server-sent events. Each change the engine's shared
 * {@link ChangeFeed} finds (see escalation-changes.ts) becomes `event: escalation` with `{ id, status, kind, role? }`; the page then re-reads
 * what it shows. A `: heartbeat` comment every 15 s; at each heartbeat the session is checked again, so a
 * signed-out, expired or disabled adviser's stream ends.
 */
import type { RequestHandler } from 'express';
import type { AdviserStore } from '../../bot/advisers/index.js';
import { openEventStream } from '../web/server-sent-events.js';
import { currentAuth, isAuthenticated, resolveAdviser } from './adviser-auth.js';
import type { ChangeFeed } from '../../bot/store/change-feed.js';
import { escalationChanges } from './escalation-changes.js';

/** What the stream route needs. */
export interface EscalationStreamOptions {
  feed: ChangeFeed;
  advisers: AdviserStore;
  now: () => Date;
  heartbeatMs?: number;
}

/** Builds the handler (behind `requireAdviser`). */
export function escalationStreamRoute({ feed, advisers, now, heartbeatMs }: EscalationStreamOptions): RequestHandler {
  return (req, res) => {
    const { adviser } = currentAuth(res);
    const stream = openEventStream(req, res, {
      heartbeatMs,
      stillAllowed: async () => isAuthenticated(await resolveAdviser(req, advisers, now, { checkCsrf: false })),
    });
    stream.send('ready', { adviserId: adviser.id });
    const unsubscribe = feed.subscribe((batch) => {
      for (const change of escalationChanges(batch)) stream.send('escalation', change);
    });
    stream.onClose(unsubscribe);
  };
}
