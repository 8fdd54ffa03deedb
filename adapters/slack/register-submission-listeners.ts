/**
 * "Del jeres erfaring" in Slack: the global shortcut `share_case`, the "Del jeres erfaring" button under an answer
 * (and `/spørg del`, register-conversation-listeners.ts) open the form's modal; its `view_submission` goes to the
 * SubmissionService before Slack's 3 seconds are up, so field issues come back as `response_action: 'errors'` beside
 * the fields and a stored case replaces the form with its reference number (`response_action: 'update'`), followed
 * by a DM that repeats it.
 *
 * Slack does not retry a view submission, but a user may press Send twice on a slow connection: the same view with
 * the same values is submitted once per process (the second press gets the first one's reference, and no second DM).
 */
import { createHash } from 'node:crypto';
import type { App, BlockAction, ButtonAction, SlackViewAction, ViewOutput, webApi } from '@slack/bolt';
import type { SubmissionResult, Submitter } from '../../bot/submissions/submission-port.js';
import { conversationKey } from '../../bot/store/conversation-store.js';
import { locateClick } from './register-action-listeners.js';
import { ACTION_IDS, decodeShareValue } from './render-reply.js';
import type { SlackDeps } from './slack-deps.js';
import { submissionTexts } from './slack-texts.js';
import {
  buildConfirmationView,
  buildSubmissionModal,
  buildUnavailableView,
  confirmationMessage,
  decodeOrigin,
  generalError,
  issuesToErrors,
  readSubmissionState,
  SUBMISSION_VIEW_ID,
  type SubmissionOrigin,
} from './submission-modal.js';
import type { SlackDeliveryRef } from './to-inbound-message.js';
import { SLACK_CHANNEL } from './to-inbound-message.js';

/** The global shortcut's `callback_id` (manifest.json). */
export const SHARE_CASE_SHORTCUT = 'share_case';

type Submitted = SubmissionResult<{ id: string; reference: string; maskedPersonalData: boolean }>;

/** @internal Registers the shortcut, the answer button and the modal's submission. */
export function registerSubmissionListeners(app: App, deps: SlackDeps): void {
  const recent = recentSubmissions();

  app.shortcut(SHARE_CASE_SHORTCUT, async ({ ack, shortcut, client }) => {
    await ack();
    if (shortcut.type !== 'shortcut') return;
    const language = (await deps.users.lookup(client, shortcut.user.id)).language ?? 'da';
    await openSubmissionModal(deps, client, shortcut.trigger_id, { language });
  });

  app.action<BlockAction<ButtonAction>>(ACTION_IDS.shareCase, async ({ ack, action, body, client }) => {
    await ack();
    const where = locateClick(body);
    const share = decodeShareValue(action.value);
    const origin: SubmissionOrigin = {
      language: share?.language ?? 'da',
      ...(where.channel ? { conversation: { channel: where.channel, threadId: share?.threadId ?? where.threadId, ...(where.ephemeral ? { ephemeral: true } : {}) } } : {}),
    };
    await openSubmissionModal(deps, client, body.trigger_id, origin);
    // Looked up now (and cached), so the submission's 3 seconds are not spent on users.info.
    await deps.users.lookup(client, body.user.id);
  });

  app.view<SlackViewAction>(SUBMISSION_VIEW_ID, async ({ ack, body, view, client }) => {
    if (body.type !== 'view_submission') return void (await ack());
    const origin = decodeOrigin(view.private_metadata);
    const { language } = origin;
    const { submissions } = deps;
    if (!submissions) return void (await ack({ response_action: 'update', view: buildUnavailableView(language) }));

    const input = readSubmissionState(view.state.values);
    let outcome: { result: Submitted; first: boolean };
    try {
      outcome = await recent.once(submissionKey(view), async () => submissions.submit(input, await submitterOf(deps, client, body.user, origin)));
    } catch (error) {
      deps.logger.error('slack: storing a case submission failed', { error });
      return void (await ack({ response_action: 'errors', errors: generalError(submissionTexts(language).failed) }));
    }
    const { result, first } = outcome;
    if (!result.ok) {
      const errors = result.issues?.length ? issuesToErrors(result.issues, language) : generalError(result.message[language]);
      return void (await ack({ response_action: 'errors', errors }));
    }
    await ack({ response_action: 'update', view: buildConfirmationView(language, result.value.reference, result.value.maskedPersonalData) });
    if (!first) return;
    deps.logger.info('slack: case submitted', { reference: result.value.reference, user: body.user.id });
    const title = typeof input.title === 'string' ? input.title.trim() : undefined;
    await client.chat
      .postMessage({ channel: body.user.id, text: confirmationMessage(language, result.value.reference, title), unfurl_links: false })
      .catch((error: unknown) => deps.logger.warn('slack: could not send the submission confirmation DM', { error }));
  });
}

/**
 * Opens the form (or, without a submission service, a modal saying so). `trigger_id` is good for 3 seconds from the
 * click or command, so nothing slow may come before this call.
 */
export async function openSubmissionModal(
  deps: Pick<SlackDeps, 'submissions' | 'logger'>,
  client: webApi.WebClient,
  triggerId: string,
  origin: SubmissionOrigin,
): Promise<void> {
  const view = deps.submissions ? buildSubmissionModal(origin) : buildUnavailableView(origin.language);
  try {
    await client.views.open({ trigger_id: triggerId, view });
  } catch (error) {
    deps.logger.warn('slack: could not open the submission form', { error });
  }
}

/**
 * Who submits and where advisers' questions reach them: from an answer's button, that conversation (as its answers
 * are delivered); otherwise the user's DM with the app (`chat.postMessage` to a user id posts there).
 */
async function submitterOf(
  deps: Pick<SlackDeps, 'users'>,
  client: webApi.WebClient,
  user: { id: string; name?: string },
  origin: SubmissionOrigin,
): Promise<Submitter> {
  const known = await deps.users.lookup(client, user.id);
  const where = origin.conversation;
  const deliveryRef: SlackDeliveryRef = where
    ? { channel: where.channel, ...(where.threadId ? { thread_ts: where.threadId } : {}), ...(where.ephemeral ? { user: user.id, ephemeral: true } : {}) }
    : { channel: user.id };
  const displayName = known.displayName ?? user.name;
  return {
    channel: SLACK_CHANNEL,
    userId: user.id,
    ...(displayName ? { displayName } : {}),
    language: origin.language,
    audience: known.audience,
    conversationKey: where ? conversationKey(SLACK_CHANNEL, where.channel, where.threadId) : conversationKey(SLACK_CHANNEL, user.id),
    deliveryRef,
  };
}

/** The same view submitted with the same values (a second press of Send). */
function submissionKey(view: Pick<ViewOutput, 'id' | 'state'>): string {
  return `${view.id}:${createHash('sha256').update(JSON.stringify(view.state.values)).digest('hex')}`;
}

/**
 * Submissions of the last {@link RECENT_MS} by key, in this process: a key seen before gets the first call's result
 * (`first: false`) instead of a second submission. A failed call (thrown) is forgotten, so pressing Send again retries.
 */
function recentSubmissions(now: () => number = Date.now) {
  const RECENT_MS = 15 * 60 * 1000;
  const MAX = 500;
  const entries = new Map<string, { at: number; result: Promise<Submitted> }>();
  return {
    async once(key: string, submit: () => Promise<Submitted>): Promise<{ result: Submitted; first: boolean }> {
      for (const [old, entry] of entries) if (now() - entry.at > RECENT_MS || entries.size > MAX) entries.delete(old);
      const known = entries.get(key);
      if (known) return { result: await known.result, first: false };
      const result = submit();
      entries.set(key, { at: now(), result });
      try {
        const settled = await result;
        // Only a stored case must not be stored twice; field issues may be corrected and sent again.
        if (!settled.ok) entries.delete(key);
        return { result: settled, first: true };
      } catch (error) {
        entries.delete(key);
        throw error;
      }
    },
  };
}
