/**
 * While a conversation has an open escalation, the user's messages go to the adviser, not the bot. handleMessage
 * calls routeToAdviser first (with the already masked text) and, when it routed, returns its reply instead of
 * answering.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../knowledge/index.js';
import type { EscalationState } from '../messages.js';
import { appendMessage, type NewMessage } from '../store/conversation-store.js';
import { ACK_INTENT, isOwnerDisabled, loadOpenEscalation, toSummary } from './escalation-rows.js';
import { escalationTexts, isCancelCommand } from './escalation-texts.js';
import { cancelEscalationByUser } from './escalation-transitions.js';
import { enqueueAdviserEvent } from './escalation-records.js';

/** Who wrote the message. */
export interface RoutedUser {
  id: string;
  displayName?: string;
}

/** Not routed: the bot answers as usual. Routed: show `reply.text`; it is stored already as `reply.messageId`. */
export type RouteResult =
  | { routed: false }
  | { routed: true; reply: { text: string; escalation: EscalationState; messageId: string; cancelled?: boolean } };

/**
 * When `conversationKey` has an open escalation: stores the user's message, queues 'escalation.user_message' for
 * the advisers and returns the short acknowledgement to show ("Din besked er sendt videre til rådgiveren …" while
 * queued, "Sendt til Anna." once claimed). "annuller"/"cancel" while queued cancels the request instead.
 * Both the user's message and the acknowledgement are stored (the acknowledgement as a system message with
 * intent 'handoff_ack', hidden from advisers): the caller must not store them again; use `messageId` as reply id.
 */
export async function routeToAdviser(
  db: Db,
  conversationKey: string,
  maskedText: string,
  user: RoutedUser,
  options: { now?: () => Date } = {},
): Promise<RouteResult> {
  const now = options.now ?? (() => new Date());
  const open = await loadOpenEscalation(db, conversationKey);
  if (!open) return { routed: false };

  const userMessage: NewMessage = { id: randomUUID(), role: 'user', text: maskedText, authorId: user.id, authorName: user.displayName };
  // A claim whose adviser has been disabled counts as queued: the user can still cancel, and is not told "Sendt til …".
  if ((open.status === 'queued' || isOwnerDisabled(open)) && isCancelCommand(maskedText)) {
    const messageId = randomUUID();
    const cancelled = await cancelEscalationByUser({ db, now }, conversationKey, messageId, userMessage);
    if (cancelled.ok) {
      const escalation: EscalationState = { id: cancelled.value.id, status: 'cancelled' };
      return { routed: true, reply: { text: escalationTexts(open.language).cancelled(), escalation, messageId, cancelled: true } };
    }
    // Claimed meanwhile (not_queued): the adviser gets the message like any other.
  }

  return db.transaction(async (tx): Promise<RouteResult> => {
    const row = await loadOpenEscalation(tx, conversationKey, true);
    if (!row) return { routed: false };
    await appendMessage(tx, conversationKey, userMessage);
    const texts = escalationTexts(row.language);
    const withAdviser = row.status === 'claimed' && !isOwnerDisabled(row);
    const adviserName = withAdviser ? (row.adviser_name ?? undefined) : undefined;
    const text = withAdviser ? texts.forwardedToAdviser(adviserName) : texts.forwardedWhileQueued();
    const messageId = await appendMessage(tx, conversationKey, { role: 'system', text, intent: ACK_INTENT });
    await enqueueAdviserEvent(tx, `${row.id}:user_message:${userMessage.id}`, row.id, {
      type: 'escalation.user_message',
      escalation: toSummary(row, now()),
      text: maskedText,
    });
    const status = withAdviser ? row.status : 'queued';
    const escalation: EscalationState = { id: row.id, status, ...(adviserName ? { adviserName } : {}) };
    return { routed: true, reply: { text, escalation, messageId } };
  });
}
