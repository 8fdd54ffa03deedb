/**
 * Slack retries an event it thinks went unanswered (`X-Slack-Retry-Num`), and may deliver one message as several
 * events (an `app_mention` and a `message`). Bolt does not de-duplicate, so each is claimed once through the
 * engine's `claimOnce` (bot/store/claim-once.ts), which holds across processes.
 */
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { ChannelRecords } from '../../bot/store/channel-records.js';
import type { Logger } from '../../config/logger.js';

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
export function dedupeEvents(records: Pick<ChannelRecords, 'claimOnce'>, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const { event_id: eventId, event } = body as { event_id?: unknown; event?: { type?: unknown } };
    if (typeof eventId === 'string' && eventId && !CLAIMED_BY_MESSAGE.has(String(event?.type))) {
      let first = true;
      try {
        first = await records.claimOnce(`event:${eventId}`);
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
