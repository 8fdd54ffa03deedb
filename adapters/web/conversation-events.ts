/**
 * `GET /api/conversations/:conversationId/events`: the web chat's live hand-off stream (server-sent events). It
 * streams the adviser's and the system's messages (`event: message`) and the escalation's status
 * (`event: escalation`) for one conversation, and only to the browser whose `kc_uid` cookie started it. The events
 * come from the engine's shared change feed: an open stream costs no poll of its own.
 */
import type { RequestHandler } from 'express';
import type { Queryable } from '../../knowledge/db/db.js';
import { secretsEqual } from '../../bot/advisers/adviser-secrets.js';
import type { ChangeFeed } from '../../bot/store/change-feed.js';
import { conversationKey, getConversation } from '../../bot/store/conversation-store.js';
import { followConversation } from '../../bot/store/follow-conversation.js';
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
    const conversation = await getConversation(db, key);
    if (!conversation) return sendError(res, 404, 'not_found', 'Samtalen findes ikke.');
    // Its owner, not whoever wrote last: another browser posting with this id is refused, and cannot take it over.
    if (!secretsEqual(conversation.ownerId, `anon-${uid.toLowerCase()}`)) return sendError(res, 403, 'forbidden', FORBIDDEN);

    const lastEventId = req.get('Last-Event-ID');
    const stream = openEventStream(req, res, { heartbeatMs });
    const stop = followConversation(
      changes,
      db,
      key,
      (events) => {
        for (const event of events) {
          if (event.type === 'message') stream.send('message', event.message, event.message.id);
          else stream.send('escalation', event.escalation);
        }
      },
      { logger, ...(lastEventId && lastEventId.length <= 200 ? { afterMessageId: lastEventId } : {}) },
    );
    stream.onClose(stop);
  };
}
