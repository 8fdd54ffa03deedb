/**
 * Slack retries an event it thinks went unanswered (`X-Slack-Retry-Num`), and may deliver one message as several
 * events (an `app_mention` and a `message`). Bolt does not de-duplicate, so each is claimed once in Postgres
 * (`processed_events`), which holds across processes: the first INSERT wins, every later one sees a conflict.
 * Old claims are removed by the server's housekeeping (bot/store/housekeeping.ts), for every channel alike.
 */
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Queryable } from '../../knowledge/index.js';
import type { Logger } from '../../config/logger.js';

/** `processed_events.source` for Slack event ids and Slack message keys. */
export const SLACK_EVENT_SOURCE = 'slack';

/**
 * Claims `key` atomically. True for the first caller, false for every duplicate.
 *
 * @example
 * if (!(await claimEvent(db, `event:${body.event_id}`))) return; // a retry: already answered
 */
export async function claimEvent(db: Queryable, key: string, source = SLACK_EVENT_SOURCE): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO processed_events (source, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
    [source, key],
  );
  return rows.length === 1;
}

/** The key under which a Slack message (by channel and ts) is claimed, whichever event carried it. */
export function messageKey(channel: string, ts: string): string {
  return `message:${channel}:${ts}`;
}

/**
 * Events claimed by their message instead of their id: every listener of theirs that does anything claims
 * {@link messageKey} first, which also catches Slack's retries (same channel and ts) – one query less per answer.
 */
const CLAIMED_BY_MESSAGE = new Set(['message', 'app_mention']);

/**
 * Global Bolt middleware dropping events whose `event_id` was claimed before (messages and mentions: see
 * {@link CLAIMED_BY_MESSAGE}). Runs after Bolt's ack, so the HTTP response never waits for the database. If the
 * database cannot be reached the event is processed anyway (a rare duplicate is better than a silent bot).
 */
export function dedupeEvents(db: Queryable, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const { event_id: eventId, event } = body as { event_id?: unknown; event?: { type?: unknown } };
    if (typeof eventId === 'string' && eventId && !CLAIMED_BY_MESSAGE.has(String(event?.type))) {
      let first = true;
      try {
        first = await claimEvent(db, `event:${eventId}`);
      } catch (error) {
        logger.warn('slack: could not record the event id; processing it anyway', { eventId, error });
      }
      if (!first) {
        logger.debug('slack: duplicate event dropped', { eventId, retryNum: context.retryNum, retryReason: context.retryReason });
        return;
      }
    }
    await next();
  };
}
