/**
 * "Del jeres erfaring" as an Adaptive Card (schema 1.5): the form is built from `SUBMISSION_FIELDS` (one input per
 * field, the field's name as the input's `id`), its `Action.Submit` comes back as a message whose `value` holds the
 * inputs, read back here into a `SubmissionInput`. Adaptive Cards validate only on the client (required, maxLength),
 * so the service's field issues are shown by sending the form again with each message in a red line under its field
 * and every value as the user typed it. Pure functions; the handlers are in share-case.ts.
 *
 * @see https://adaptivecards.io/explorer/Input.Text.html
 * @see https://learn.microsoft.com/adaptive-cards/authoring-cards/input-validation
 */
import type { Attachment } from 'botbuilder';
import type { Language } from '../../bot/messages.js';
import { SUBMISSION_FIELDS, type SubmissionField, type SubmissionInput } from '../../bot/submissions/submission-fields.js';
import { fieldLabel, type SubmissionIssue } from '../../bot/submissions/validate-submission.js';

const CARD = 'application/vnd.microsoft.card.adaptive';

/** The `action` in our card buttons' data: `share_case` asks for the form, `submit_case` sends it. */
export type SubmissionCardAction = { action: 'share_case' | 'submit_case'; language: Language };

/** What the user sees around the form, in one language. */
export interface SubmissionCardTexts {
  title: string;
  intro: string;
  submit: string;
  /** The button under an answer that offers the form (when the engine's action has no label). */
  button: string;
  choose: string;
  required: string;
  received(reference: string, title: string | undefined): string;
  masked: string;
  failed: string;
  unavailable: string;
}

const TEXTS: Record<Language, SubmissionCardTexts> = {
  da: {
    title: 'Del jeres erfaring',
    intro:
      'Fortæl om et projekt, som andre i den offentlige sektor kan lære af. En rådgiver fra Kraftcenteret læser det, før det kommer i biblioteket. Skriv ikke CPR-numre eller private telefonnumre.',
    submit: 'Send',
    button: 'Del jeres erfaring',
    choose: 'Vælg …',
    required: 'Udfyld feltet',
    received: (reference, title) =>
      `Tak! Jeres erfaring${title ? ` «${title}»` : ''} er modtaget med referencenummer **${reference}**. En rådgiver læser den, før den kommer i biblioteket; har vi spørgsmål, skriver vi her i Teams.`,
    masked: 'Vi har fjernet personoplysninger (fx CPR- eller telefonnumre) fra teksten, før den blev gemt.',
    failed: 'Beklager, vi kunne ikke gemme jeres erfaring lige nu. Prøv at sende igen om lidt.',
    unavailable: 'Indsendelse af erfaringer er ikke sat op i denne installation. Skriv til Kraftcenteret, hvis I vil dele et projekt.',
  },
  en: {
    title: 'Share your experience',
    intro:
      'Tell us about a project others in the public sector can learn from. An adviser from Kraftcenteret reads it before it goes into the library. Do not write CPR numbers or private phone numbers.',
    submit: 'Send',
    button: 'Share your experience',
    choose: 'Choose …',
    required: 'Fill in this field',
    received: (reference, title) =>
      `Thank you! Your experience${title ? ` “${title}”` : ''} has been received with reference number **${reference}**. An adviser reads it before it goes into the library; if we have questions, we will write here in Teams.`,
    masked: 'We removed personal data (such as CPR or phone numbers) from the text before it was stored.',
    failed: 'Sorry, we could not save your experience just now. Please try sending it again shortly.',
    unavailable: 'Sharing experiences is not set up in this installation. Write to Kraftcenteret if you want to share a project.',
  },
};

/** The form's wording (Danish unless `language` is English). */
export function submissionCardTexts(language: Language = 'da'): SubmissionCardTexts {
  return TEXTS[language === 'en' ? 'en' : 'da'];
}

/** What the form shows besides its inputs: the values to keep, the issues per field, a line above the fields. */
export interface FormState {
  values?: SubmissionInput;
  issues?: readonly SubmissionIssue[];
  notice?: string;
}

const text = (value: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text: value, wrap: true, ...extra });
const attention = (value: string) => text(value, { color: 'Attention', spacing: 'Small' });

function card(body: unknown[], actions: unknown[] = []): Attachment {
  return {
    contentType: CARD,
    content: { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body, actions },
  };
}

/**
 * The form in `language`. With `state`, every input starts with the value the user sent, each field issue is shown
 * under its field, and issues about no field of the form (and `notice`) above the fields.
 */
export function submissionFormCard(language: Language, state: FormState = {}): Attachment {
  const texts = submissionCardTexts(language);
  const issues = state.issues ?? [];
  const names = new Set<string>(SUBMISSION_FIELDS.map((field) => field.name));
  const general = [
    ...(state.notice ? [state.notice] : []),
    ...issues.filter((issue) => !names.has(issue.field)).map((issue) => `${fieldLabel(issue.field, language)}: ${issue.message[language]}`),
  ];
  const body: unknown[] = [text(texts.title, { weight: 'Bolder', size: 'Medium', style: 'heading' }), text(texts.intro, { isSubtle: true })];
  for (const line of general) body.push(attention(line));
  for (const field of SUBMISSION_FIELDS) {
    body.push(inputOf(field, language, state.values?.[field.name]));
    const messages = issues.filter((issue) => issue.field === field.name).map((issue) => issue.message[language]);
    if (messages.length > 0) body.push({ ...attention(messages.join('; ')), id: `${field.name}_error` });
  }
  return card(body, [{ type: 'Action.Submit', title: texts.submit, data: { action: 'submit_case', language } satisfies SubmissionCardAction }]);
}

/** One field's input element, starting at `value` when there is one. */
function inputOf(field: SubmissionField, language: Language, value: SubmissionInput[keyof SubmissionInput]): Record<string, unknown> {
  const texts = submissionCardTexts(language);
  const common = {
    id: field.name,
    label: field.label[language],
    ...(field.required ? { isRequired: true, errorMessage: texts.required } : {}),
  };
  const hint = field.hint ? { placeholder: field.hint[language] } : {};
  const shown = asText(value);
  switch (field.kind) {
    case 'select':
    case 'multiselect': {
      const multi = field.kind === 'multiselect';
      return {
        type: 'Input.ChoiceSet',
        ...common,
        choices: (field.options ?? []).map((option) => ({ title: option.label[language], value: option.value })),
        // A handful of options: checkboxes for the multi-select, a drop-down for the rest.
        style: multi ? 'expanded' : 'compact',
        ...(multi ? { isMultiSelect: true } : { placeholder: texts.choose }),
        ...(shown ? { value: shown } : {}),
      };
    }
    case 'year': {
      const year = Number(shown);
      return { type: 'Input.Number', ...common, ...hint, ...(shown && Number.isInteger(year) ? { value: year } : {}) };
    }
    case 'longtext':
    case 'text':
    case 'email':
    case 'url':
      return {
        type: 'Input.Text',
        ...common,
        ...hint,
        maxLength: field.maxLength,
        ...(field.kind === 'longtext' ? { isMultiline: true } : {}),
        ...(field.kind === 'email' ? { style: 'email' } : field.kind === 'url' ? { style: 'url' } : {}),
        ...(shown ? { value: shown } : {}),
      };
  }
}

/** The card that replaces the form once the case is stored. */
export function submissionReceivedCard(language: Language, reference: string, title: string | undefined, maskedPersonalData: boolean): Attachment {
  const texts = submissionCardTexts(language);
  return card([
    text(texts.title, { weight: 'Bolder', size: 'Medium', style: 'heading' }),
    text(`✅ ${texts.received(reference, title)}`),
    ...(maskedPersonalData ? [text(`ℹ️ ${texts.masked}`, { isSubtle: true })] : []),
  ]);
}

/** The button under an answer that asks for the form (`share_case` in the engine's actions). */
export function shareCaseButton(label: string, language: Language): Record<string, unknown> {
  return { type: 'Action.Submit', title: label || submissionCardTexts(language).button, data: { action: 'share_case', language } satisfies SubmissionCardAction };
}

/** Our form's buttons in an activity's `value` (or an `Action.Execute`'s data), or undefined for anything else. */
export function parseSubmissionAction(value: unknown): SubmissionCardAction | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const data = value as Record<string, unknown>;
  if (data.action !== 'share_case' && data.action !== 'submit_case') return undefined;
  return { action: data.action, language: data.language === 'en' ? 'en' : 'da' };
}

/**
 * The submitted inputs as the form's input. Teams sends text and choices as strings (a multi-select as
 * `"a,b"`, which the check splits) and may leave out inputs the user did not touch.
 */
export function readSubmittedValues(value: unknown): SubmissionInput {
  const data = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const input: SubmissionInput = {};
  for (const field of SUBMISSION_FIELDS) {
    const raw = data[field.name];
    if (typeof raw === 'string' || typeof raw === 'number') input[field.name] = raw;
    else if (Array.isArray(raw)) input[field.name] = raw.map(String);
  }
  return input;
}

/** The commands that ask for the form (typed, or picked from the bot's command menu), and the form's language. */
const COMMANDS: Array<[RegExp, Language]> = [
  [/^del(?: (?:jeres|din|jeres egen|vores))? erfaring(?:er)?$/, 'da'],
  [/^share(?: (?:a|your|our))? (?:case|experience)$/, 'en'],
];

/** The form's language when `text` (the bot's @mention already removed) is a share command; else undefined. */
export function shareCommandLanguage(text: string): Language | undefined {
  const normalised = text.toLowerCase().replace(/[.!?]+$/, '').replace(/\s+/g, ' ').trim();
  return COMMANDS.find(([pattern]) => pattern.test(normalised))?.[1];
}

function asText(value: SubmissionInput[keyof SubmissionInput]): string {
  if (value === undefined || value === null) return '';
  return Array.isArray(value) ? value.join(',') : String(value);
}
