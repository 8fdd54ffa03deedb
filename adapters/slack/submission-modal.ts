/**
 * "Del jeres erfaring" as a Slack modal: the form is built from `SUBMISSION_FIELDS` (one input block per field, the
 * field's name as both `block_id` and `action_id`), the submitted `view.state` is read back into a `SubmissionInput`,
 * and the service's field issues become `response_action: 'errors'` keyed by those block ids. Pure functions; the
 * listeners are in register-submission-listeners.ts.
 */
import type { types, ViewStateValue } from '@slack/bolt';
import type { Language } from '../../bot/messages.js';
import { SUBMISSION_FIELDS, type SubmissionField, type SubmissionInput } from '../../bot/submissions/submission-fields.js';
import type { SubmissionIssue } from '../../bot/submissions/validate-submission.js';
import { escapeMrkdwn } from './markdown-to-mrkdwn.js';
import { submissionTexts } from './slack-texts.js';

/** The modal's `callback_id` (its `view_submission` listener matches it) and the confirmation's. */
export const SUBMISSION_VIEW_ID = 'kc_share_case';
export const SUBMISSION_DONE_VIEW_ID = 'kc_share_case_done';

/** Slack's limits on what a modal may carry. */
const LIMITS = { textInput: 3000, optionText: 75, label: 2000, hint: 2000, privateMetadata: 3000, error: 300 } as const;

/**
 * What the modal remembers between opening and submitting (`private_metadata`): the form's language and, when it
 * was opened from an answer, the conversation it came from (questions from advisers go back there).
 */
export interface SubmissionOrigin {
  language: Language;
  /** The Slack channel and thread of the answer whose button opened it. */
  conversation?: { channel: string; threadId: string; ephemeral?: boolean };
}

type View = types.ModalView;
type Block = types.KnownBlock;

const plain = (text: string, limit: number = LIMITS.label): types.PlainTextElement => ({ type: 'plain_text', text: text.slice(0, limit), emoji: true });

/** The form's modal in `origin.language`. */
export function buildSubmissionModal(origin: SubmissionOrigin): View {
  const texts = submissionTexts(origin.language);
  const intro: Block = { type: 'section', text: { type: 'mrkdwn', text: texts.intro } };
  return {
    type: 'modal',
    callback_id: SUBMISSION_VIEW_ID,
    title: plain(texts.title, 24),
    submit: plain(texts.submit, 24),
    close: plain(texts.cancel, 24),
    private_metadata: encodeOrigin(origin),
    blocks: [intro, ...SUBMISSION_FIELDS.map((field) => inputBlock(field, origin.language))],
  };
}

/** The view that replaces the form once it is stored (`response_action: 'update'`). */
export function buildConfirmationView(language: Language, reference: string, maskedPersonalData: boolean): View {
  const texts = submissionTexts(language);
  const lines = [texts.received(reference), ...(maskedPersonalData ? [texts.masked] : [])];
  return {
    type: 'modal',
    callback_id: SUBMISSION_DONE_VIEW_ID,
    title: plain(texts.title, 24),
    close: plain(texts.close, 24),
    blocks: lines.map((line) => ({ type: 'section', text: { type: 'mrkdwn', text: line } })),
  };
}

/** A modal that says the form cannot be used here (no submission service in this installation). */
export function buildUnavailableView(language: Language): View {
  const texts = submissionTexts(language);
  return {
    type: 'modal',
    callback_id: SUBMISSION_DONE_VIEW_ID,
    title: plain(texts.title, 24),
    close: plain(texts.close, 24),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: texts.unavailable } }],
  };
}

function inputBlock(field: SubmissionField, language: Language): Block {
  return {
    type: 'input',
    block_id: field.name,
    label: plain(field.label[language]),
    ...(field.hint ? { hint: plain(field.hint[language], LIMITS.hint) } : {}),
    ...(field.required ? {} : { optional: true }),
    element: inputElement(field, language),
  };
}

function inputElement(field: SubmissionField, language: Language): types.InputBlockElement {
  const action_id = field.name;
  // Slack's text inputs take at most 3,000 characters; the longer body fields are cut there.
  const max_length = Math.min(field.maxLength, LIMITS.textInput);
  const options = (field.options ?? []).map((option) => ({ text: plain(option.label[language], LIMITS.optionText), value: option.value }));
  switch (field.kind) {
    case 'longtext':
      return { type: 'plain_text_input', action_id, multiline: true, max_length };
    case 'select':
      return { type: 'static_select', action_id, options };
    case 'multiselect':
      return { type: 'multi_static_select', action_id, options };
    case 'year':
      return { type: 'number_input', action_id, is_decimal_allowed: false };
    case 'email':
      return { type: 'email_text_input', action_id };
    case 'url':
      return { type: 'url_text_input', action_id };
    case 'text':
      return { type: 'plain_text_input', action_id, max_length };
  }
}

/** The submitted view's state as the form's input (an untouched optional field is absent). */
export function readSubmissionState(values: Record<string, Record<string, ViewStateValue>>): SubmissionInput {
  const input: SubmissionInput = {};
  for (const field of SUBMISSION_FIELDS) {
    const state = values[field.name]?.[field.name];
    if (!state) continue;
    if (field.kind === 'multiselect') input[field.name] = (state.selected_options ?? []).map((option) => option.value);
    else if (field.kind === 'select') input[field.name] = state.selected_option?.value ?? undefined;
    else input[field.name] = state.value ?? undefined;
  }
  return input;
}

/**
 * Field issues as `response_action: 'errors'` wants them: one message per input block, in the form's language. An
 * issue about something the form has no block for is shown on the first field (Slack refuses unknown block ids).
 */
export function issuesToErrors(issues: readonly SubmissionIssue[], language: Language): Record<string, string> {
  const blocks = new Set<string>(SUBMISSION_FIELDS.map((field) => field.name));
  const first = SUBMISSION_FIELDS[0]!.name;
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const block = blocks.has(issue.field) ? issue.field : first;
    const text = block === issue.field ? issue.message[language] : `${issue.field}: ${issue.message[language]}`;
    errors[block] = (errors[block] ? `${errors[block]}; ${text}` : text).slice(0, LIMITS.error);
  }
  return errors;
}

/** One message on the first field, for failures that are no field's (the form and its values stay). */
export function generalError(message: string): Record<string, string> {
  return { [SUBMISSION_FIELDS[0]!.name]: message.slice(0, LIMITS.error) };
}

/** The DM that confirms a submission (mrkdwn). */
export function confirmationMessage(language: Language, reference: string, title: string | undefined): string {
  const texts = submissionTexts(language);
  return texts.dm(reference, title ? escapeMrkdwn(title) : undefined);
}

/** `private_metadata` for an origin (short keys: Slack keeps at most 3,000 characters). */
export function encodeOrigin(origin: SubmissionOrigin): string {
  const { conversation } = origin;
  const compact = { l: origin.language, ...(conversation ? { c: conversation.channel, t: conversation.threadId, ...(conversation.ephemeral ? { e: 1 } : {}) } : {}) };
  return JSON.stringify(compact).slice(0, LIMITS.privateMetadata);
}

/** Reads {@link encodeOrigin}'s text back; anything unreadable is a Danish form without a conversation. */
export function decodeOrigin(text: string | undefined): SubmissionOrigin {
  try {
    const value = JSON.parse(text ?? '') as { l?: unknown; c?: unknown; t?: unknown; e?: unknown };
    const language: Language = value.l === 'en' ? 'en' : 'da';
    if (typeof value.c !== 'string' || !/^[CDG][A-Z0-9]+$/.test(value.c)) return { language };
    const threadId = typeof value.t === 'string' && /^(\d+\.\d+)?$/.test(value.t) ? value.t : '';
    return { language, conversation: { channel: value.c, threadId, ...(value.e === 1 ? { ephemeral: true } : {}) } };
  } catch {
    return { language: 'da' };
  }
}
