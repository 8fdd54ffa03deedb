/**
 * "Del jeres erfaring" in Teams. The command ("del jeres erfaring", "del erfaring", English "share case"; also in the
 * bot's command menu) and the "Del jeres erfaring" button the engine may put under an answer send the form card
 * (submission-card.ts) into the conversation. Its `Action.Submit` arrives as a message whose `value` holds the inputs
 * and whose `replyToId` is the form's message: the SubmissionService checks and stores it, and the form is updated in
 * place, with each field issue under its field and the values kept, or replaced by a confirmation with the reference.
 * The same submission as an `Action.Execute` (`adaptiveCard/action` invoke, verb `submit_case`) is answered with the
 * new card in the invoke response instead.
 *
 * Advisers' questions and the "it is published" notice reach the submitter in the conversation the form was sent
 * from: its conversation reference is stored with the submission, as the Teams DeliveryPort reads it.
 */
import type { Activity, AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, Attachment, TurnContext } from 'botbuilder';
import type { Language } from '../../bot/messages.js';
import { conversationKey } from '../../bot/store/conversation-store.js';
import type { SubmissionInput } from '../../bot/submissions/submission-fields.js';
import type { SubmissionResult, SubmissionService, Submitter } from '../../bot/submissions/submission-port.js';
import type { Logger } from '../../config/logger.js';
import type { Audience } from '../../knowledge/index.js';
import { renderPlainMessage } from './render-reply.js';
import {
  parseSubmissionAction,
  readSubmittedValues,
  shareCommandLanguage,
  submissionCardTexts,
  submissionFormCard,
  submissionReceivedCard,
  type SubmissionCardAction,
} from './submission-card.js';
import { conversationReferenceOf, stripBotMention, TEAMS_CHANNEL, toTeamsAddress } from './to-inbound-message.js';

type Submitted = SubmissionResult<{ id: string; reference: string; maskedPersonalData: boolean }>;

/** What the case form works with. */
export interface CaseFormDeps {
  /** Stores shared cases; without it the form is not offered and a command is answered with a short notice. */
  submissions?: SubmissionService;
  logger: Logger;
  /** Who Teams users are for the library (TEAMS_AUDIENCE). */
  audience: Audience;
}

/** A message that is about the case form: asking for it (command or button) or sending it. */
export type CaseFormRequest = SubmissionCardAction;

/** The case form's handlers, with the memory of recently stored forms. */
export interface CaseForm {
  /** Handles a message {@link caseFormRequestOf} recognised. */
  handleMessage(context: TurnContext, request: CaseFormRequest): Promise<void>;
  /** Answers an `adaptiveCard/action` invoke for `submit_case`; undefined when the invoke is not ours. */
  handleInvoke(context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse | undefined>;
}

/** The request in a message: our card button's data, or a typed share command. Undefined for anything else. */
export function caseFormRequestOf(activity: Activity): CaseFormRequest | undefined {
  if (activity.value !== undefined && activity.value !== null) return parseSubmissionAction(activity.value);
  const language = shareCommandLanguage(stripBotMention(activity));
  return language ? { action: 'share_case', language } : undefined;
}

/**
 * The handlers.
 *
 * @example
 * const caseForm = createCaseForm({ submissions, logger, audience: 'public' });
 * const request = caseFormRequestOf(context.activity);
 * if (request) await caseForm.handleMessage(context, request);
 */
export function createCaseForm(deps: CaseFormDeps): CaseForm {
  const once = storedOnce();

  /** Stores the form's values; the card to show in its place. Never throws. */
  async function submit(activity: Activity, language: Language, input: SubmissionInput): Promise<Attachment> {
    const texts = submissionCardTexts(language);
    if (!deps.submissions) return submissionFormCard(language, { values: input, notice: texts.unavailable });
    const { submissions } = deps;
    // The form's message: a second press of Send on the same form gets the first one's reference.
    const key = `${activity.conversation.id}|${activity.replyToId ?? activity.id}`;
    let result: Submitted;
    try {
      result = await once(key, () => submissions.submit(input, submitterOf(activity, language, deps.audience)));
    } catch (error) {
      deps.logger.error('teams: storing a case submission failed', { error });
      return submissionFormCard(language, { values: input, notice: texts.failed });
    }
    if (!result.ok) {
      deps.logger.info('teams: a case submission was refused', { error: result.error, fields: result.issues?.map((issue) => issue.field) });
      return submissionFormCard(language, { values: input, issues: result.issues ?? [], notice: result.message[language] });
    }
    deps.logger.info('teams: case submitted', { reference: result.value.reference });
    const title = typeof input.title === 'string' ? input.title.trim() || undefined : undefined;
    return submissionReceivedCard(language, result.value.reference, title, result.value.maskedPersonalData);
  }

  return {
    async handleMessage(context, request) {
      const { language } = request;
      if (request.action === 'share_case') {
        const form = deps.submissions ? { attachments: [submissionFormCard(language)] } : renderPlainMessage(submissionCardTexts(language).unavailable);
        await context.sendActivity(form);
        return;
      }
      const card = await submit(context.activity, language, readSubmittedValues(context.activity.value));
      await showInPlaceOfForm(context, card, deps.logger);
    },

    async handleInvoke(context, value) {
      const data = (value.action as { data?: unknown; verb?: string } | undefined)?.data;
      const request = parseSubmissionAction(data);
      if (request?.action !== 'submit_case' && value.action?.verb !== 'submit_case') return undefined;
      const language = request?.language ?? 'da';
      const card = await submit(context.activity, language, readSubmittedValues(data));
      return { statusCode: 200, type: card.contentType, value: card.content as Record<string, unknown> };
    },
  };
}

/** Who submits, and the conversation the form came from (advisers' questions go there). */
function submitterOf(activity: Activity, language: Language, audience: Audience): Submitter {
  const address = toTeamsAddress(activity, audience);
  return {
    channel: TEAMS_CHANNEL,
    userId: address.user.id,
    ...(address.user.displayName ? { displayName: address.user.displayName } : {}),
    language,
    audience,
    conversationKey: conversationKey(TEAMS_CHANNEL, address.conversationId, address.threadId),
    deliveryRef: conversationReferenceOf(activity),
  };
}

/** Updates the form's message to `card`; sends it as a new message when there is none or Teams refuses the update. */
async function showInPlaceOfForm(context: TurnContext, card: Attachment, logger: Logger): Promise<void> {
  const formId = context.activity.replyToId;
  if (formId) {
    try {
      await context.updateActivity({ type: 'message', id: formId, attachments: [card] });
      return;
    } catch (error) {
      logger.warn('teams: could not update the case form in place; sending it again', { error });
    }
  }
  await context.sendActivity({ attachments: [card] });
}

/**
 * Forms stored in the last {@link RECENT_MS}, by key, in this process: a key seen before gets the first call's result
 * instead of a second submission (also while the first is still running). Refusals and failures are forgotten, so the
 * corrected form can be sent again.
 */
function storedOnce(now: () => number = Date.now) {
  const RECENT_MS = 15 * 60 * 1000;
  const MAX = 500;
  const entries = new Map<string, { at: number; result: Promise<Submitted> }>();
  return async (key: string, submit: () => Promise<Submitted>): Promise<Submitted> => {
    for (const [old, entry] of entries) if (now() - entry.at > RECENT_MS || entries.size > MAX) entries.delete(old);
    const known = entries.get(key);
    if (known) return known.result;
    const result = submit();
    entries.set(key, { at: now(), result });
    try {
      const settled = await result;
      if (!settled.ok) entries.delete(key);
      return settled;
    } catch (error) {
      entries.delete(key);
      throw error;
    }
  };
}
