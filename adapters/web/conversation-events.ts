/**
 * `GET /api/conversations/:conversationId/events`: the web chat's live hand-off stream (server-sent events). It
 * streams the adviser's and the system's messages (`event: message`) and the escalation's status
 * (`event: escalation`) for one conversation, and only to the browser whose `kc_uid` cookie started it. The events
 * come from the engine's shared change feed: an open stream costs no poll of its own.
 *
 * A page that follows a case the user shared ("Del jeres erfaring") opens it with query parameters, because a new
 * EventSource cannot send `Last-Event-ID`: `after=<message id>` (the last message it showed) and/or
 * `since=<ISO time>` (when the case was sent), so what the adviser wrote while the page was closed comes first; and
 * `cases=1`, which adds `event: cases` `{ waiting: [references] }` (the conversation's shared cases still new or
 * asked about) after the first read and after each later message: with none waiting, the page stops following.
 * With `cases=1` an unknown conversation is 204 (nothing to follow), not 404.
 */
import type { RequestHandler } from 'express';
import type { Queryable } from '../../knowledge/db/db.js';
import { secretsEqual } from '../../bot/advisers/adviser-secrets.js';
import type { ChangeFeed } from '../../bot/store/change-feed.js';
import { conversationKey, getConversation } from '../../bot/store/conversation-store.js';
import { followConversation } from '../../bot/store/follow-conversation.js';
import { listWaitingReferences } from '../../bot/store/submission-store.js';
import { ANONYMOUS_COOKIE, readCookie } from './anonymous-user.js';
import { sendError } from './http-errors.js';
import { openEventStream } from './server-sent-events.js';
import type { Logger } from '../../config/logger.js';

/** What the events route needs. */
export interface ConversationEventsOptions {
  /** The engine's database, for the conversation's owner and its state when a stream opens. */
  db: Queryable;
  /** The process's shared change feed (see bot/store/change-feed.ts). */
  changes: ChangeFeed;
  logger: Logger;
  channel: string;
  /** Heartbeat interval. @default 15000 */
  heartbeatMs?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FORBIDDEN = 'Du har ikke adgang til denne samtale.';
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** One query parameter as a string of at most `max` characters, else undefined. */
function queryText(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined;
}

/** Builds the handler; mount it as `router.get('/conversations/:conversationId/events', handler)`. */
export function conversationEventsRoute(options: ConversationEventsOptions): RequestHandler {
  const { db, changes, logger, channel, heartbeatMs } = options;
  return async (req, res) => {
    const conversationId = String(req.params.conversationId ?? '');
    if (conversationId.length < 1 || conversationId.length > 200) {
      return sendError(res, 400, 'bad_request', 'conversationId: skal være 1-200 tegn', 'conversationId');
    }
    const uid = readCookie(req, ANONYMOUS_COOKIE);
    if (uid === undefined || !UUID.test(uid)) return sendError(res, 403, 'forbidden', FORBIDDEN);
    const key = conversationKey(channel, conversationId);
    const followsCases = req.query.cases === '1';
    const conversation = await getConversation(db, key);
    // A case shared before the visitor wrote anything has no stored conversation, so nothing will come: "204: no
    // stream" is how server-sent events tell the page to stop, without an error in its console.
    if (!conversation && followsCases) return void res.status(204).set('Cache-Control', 'no-store').end();
    if (!conversation) return sendError(res, 404, 'not_found', 'Samtalen findes ikke.');
    // Its owner, not whoever wrote last: another browser posting with this id is refused, and cannot take it over.
    if (!secretsEqual(conversation.ownerId, `anon-${uid.toLowerCase()}`)) return sendError(res, 403, 'forbidden', FORBIDDEN);

    const since = queryText(req.query.since, 40);
    if (since !== undefined && (!ISO_TIME.test(since) || Number.isNaN(Date.parse(since)))) {
      return sendError(res, 400, 'bad_request', 'since: skal være et tidspunkt (ISO 8601)', 'since');
    }
    // The browser's own reconnect sends Last-Event-ID: it is newer than the page's `after`.
    const afterMessageId = queryText(req.get('Last-Event-ID'), 200) ?? queryText(req.query.after, 200);
    const stream = openEventStream(req, res, { heartbeatMs });

    let caughtUp = false;
    const reportCases = () => {
      listWaitingReferences(db, key).then(
        (waiting) => stream.send('cases', { waiting }),
        (cause: unknown) => logger.warn('conversation events: could not read the shared cases', { cause }),
      );
    };
    const stop = followConversation(
      changes,
      db,
      key,
      (events) => {
        for (const event of events) {
          if (event.type === 'message') stream.send('message', event.message, event.message.id);
          else stream.send('escalation', event.escalation);
        }
        // A case's status changes in the transaction that writes its message: a new message may end the wait.
        if (followsCases && caughtUp && events.some((event) => event.type === 'message')) reportCases();
      },
      {
        logger,
        ...(afterMessageId ? { afterMessageId } : {}),
        ...(since ? { since: new Date(since).toISOString() } : {}),
        ...(followsCases ? { onRead: () => ((caughtUp = true), reportCases()) } : {}),
      },
    );
    stream.onClose(stop);
  };
}
