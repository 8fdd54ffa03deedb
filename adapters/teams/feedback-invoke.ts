/**
 * Teams' feedback loop: 👍/👎 (with optional text) on a bot message arrive as a `message/submitAction` invoke whose
 * `replyToId` is the Teams id of the message. It is mapped back to the engine's reply and stored like every other
 * channel's feedback. A 👎 that the engine wants to follow up offers an adviser.
 */
import type { InvokeResponse, TurnContext } from 'botbuilder';
import type { Engine } from '../../bot/index.js';
import type { Logger } from '../../config/logger.js';
import type { Audience } from '../../knowledge/index.js';
import { caseListCard, adviserButtonLabel } from './adaptive-cards.js';
import { renderPlainMessage } from './render-reply.js';
import type { TeamsStore } from './teams-store.js';
import { TEAMS_CHANNEL, toTeamsAddress } from './to-inbound-message.js';

/** The invoke's name. */
export const FEEDBACK_INVOKE = 'message/submitAction';

/** The vote and comment of a feedback invoke's value, or undefined when it is not a feedback submission. */
export function parseFeedback(value: unknown): { value: 'up' | 'down'; comment?: string } | undefined {
  const submitted = value as { actionName?: unknown; actionValue?: { reaction?: unknown; feedback?: unknown } } | undefined;
  if (submitted?.actionName !== 'feedback') return undefined;
  const reaction = submitted.actionValue?.reaction;
  if (reaction !== 'like' && reaction !== 'dislike') return undefined;
  return { value: reaction === 'like' ? 'up' : 'down', comment: feedbackText(submitted.actionValue?.feedback) };
}

/** `feedback` is a JSON string (`{"feedbackText": "…"}` from Teams' default form); tolerate plain text too. */
function feedbackText(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  try {
    const parsed = JSON.parse(raw) as { feedbackText?: unknown };
    const text = typeof parsed?.feedbackText === 'string' ? parsed.feedbackText.trim() : '';
    return text || undefined;
  } catch {
    return raw.trim();
  }
}

/** What {@link handleFeedbackInvoke} works with. */
export interface FeedbackDeps {
  engine: Engine;
  store: TeamsStore;
  logger: Logger;
  audience: Audience;
}

/**
 * Stores the feedback and answers the invoke: 200 `{}` when stored (or when the message is not ours to rate),
 * 400 for a malformed submission, 500 when storing failed (Teams then tells the user it did not work).
 */
export async function handleFeedbackInvoke(context: TurnContext, deps: FeedbackDeps): Promise<InvokeResponse> {
  const { activity } = context;
  const feedback = parseFeedback(activity.value);
  if (!feedback) return { status: 400, body: { error: 'not a feedback submission (like/dislike)' } };
  const address = toTeamsAddress(activity, deps.audience);
  try {
    const replyId = activity.replyToId ? await deps.store.replyIdFor(address.conversationId, activity.replyToId) : undefined;
    if (!replyId) {
      deps.logger.warn('teams: feedback on a message that is not linked to a reply; ignored', { message: activity.replyToId });
      return { status: 200, body: {} };
    }
    const result = await deps.engine.recordFeedback({ replyId, ...feedback, userId: address.user.id, channel: TEAMS_CHANNEL });
    if (result.ok && result.offerAdviser) {
      const card = caseListCard([], 'da', adviserButtonLabel('da'));
      await context.sendActivity({ ...renderPlainMessage(result.message), attachments: card ? [card] : [] });
    } else if (!result.ok) {
      deps.logger.warn('teams: the engine refused feedback', { reason: result.reason, replyId });
    }
    return { status: 200, body: {} };
  } catch (error) {
    deps.logger.error('teams: could not store feedback', { error });
    return { status: 500, body: {} };
  }
}
