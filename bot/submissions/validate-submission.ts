/**
 * Checks a case submission and turns it into what the library stores: front matter (snake_case, as a library file
 * has it) and a Markdown body. The metadata goes through the ingest's own `validateMetadata` (one schema for
 * front matter and submissions, not two); on top of it the form asks for more (a submitted case must say where,
 * when and who to ask) and for the three body sections. Free text is masked for personal data (CPR numbers, phone
 * numbers, e-mail addresses) before anything is stored; the contact's work e-mail is the one address kept.
 *
 * Every problem names its form field, in Danish and English, so each channel can show it beside the field.
 */
import { validateMetadata, type ParsedMetadata } from '../../ingest/parse/metadata-schema.js';
import type { Language } from '../messages.js';
import { maskPersonalData, type PersonalDataKind } from '../understanding/mask-personal-data.js';
import {
  BODY_SECTIONS,
  SUBMISSION_FIELDS,
  type SubmissionFieldName,
  type SubmissionInput,
} from './submission-fields.js';

/** One problem with one field (`field` is a form field name, or a front-matter name when the console edits one). */
export interface SubmissionIssue {
  field: string;
  message: Record<Language, string>;
}

/** Front matter as published: snake_case keys, the values the schema accepted. */
export type FrontMatter = Record<string, unknown>;

export interface ValidSubmission {
  frontMatter: FrontMatter;
  /** The case's text: the three sections under their Danish headings. */
  body: string;
  /** The metadata as the ingest reads it. */
  metadata: ParsedMetadata;
  /** What personal data was masked in the free text (the channel may tell the user). */
  maskedKinds: PersonalDataKind[];
}

export type SubmissionCheck = { ok: true; value: ValidSubmission } | { ok: false; issues: SubmissionIssue[] };

const FIELD_BY_NAME = new Map(SUBMISSION_FIELDS.map((field) => [field.name as string, field]));

/** The metadata checks' English messages, in Danish. Anything not listed is shown in English in both. */
const DANISH_MESSAGES: Array<[RegExp, (...groups: string[]) => string]> = [
  [/^is required.*$/, () => 'skal udfyldes'],
  [/^must be one of (.+?) \(got .*\)$/, (list) => `skal være en af: ${list}`],
  [/^must be a year such as 2019.*$/, () => 'skal være et årstal, fx 2019'],
  [/^must be between (\d+) and (\d+).*$/, (min, max) => `skal ligge mellem ${min} og ${max}`],
  [/^must be an http:\/\/ or https:\/\/ URL.*$/, () => 'skal være en adresse, der begynder med http:// eller https://'],
  [/^must be an e-mail address.*$/, () => 'skal være en e-mailadresse, fx navn@kommune.dk'],
  [/^must not be before year.*$/, () => 'må ikke ligge før startåret'],
  [/^must be text.*$/, () => 'skal være tekst'],
  [/^must be at most (\d+) characters.*$/, (max) => `må højst være ${max} tegn`],
];

/** An English field message as a pair of Danish and English. */
export function fieldMessage(english: string): Record<Language, string> {
  for (const [pattern, danish] of DANISH_MESSAGES) {
    const match = pattern.exec(english);
    if (match) return { da: danish(...match.slice(1)), en: english };
  }
  return { da: english, en: english };
}

/** The form field a front-matter issue belongs to (contact.email → contact_email). */
function formField(path: readonly string[]): string {
  if (path[0] === 'contact' && path[1]) return `contact_${path[1]}`;
  return path[0] ?? 'title';
}

const asText = (value: SubmissionInput[SubmissionFieldName]): string => {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value).trim();
};

const asList = (value: SubmissionInput[SubmissionFieldName]): string[] => {
  const items = Array.isArray(value) ? value.map(String) : asText(value).split(/[,;\n]/);
  return [...new Set(items.map((item) => item.trim()).filter((item) => item !== ''))];
};

/** Masks personal data in free text; records what was found. */
function masker() {
  const kinds = new Set<PersonalDataKind>();
  const mask = (text: string) => {
    const result = maskPersonalData(text, 'da');
    for (const kind of result.kinds) kinds.add(kind);
    return result.text;
  };
  return { mask, kinds: () => [...kinds] };
}

/** The body Markdown of the three sections (texts already masked). */
export function renderSubmissionBody(sections: Record<(typeof BODY_SECTIONS)[number]['name'], string>): string {
  return BODY_SECTIONS.map((section) => `## ${section.heading.da}\n\n${sections[section.name].trim()}`).join('\n\n') + '\n';
}

/**
 * Checks a form as a channel received it.
 *
 * @example
 * const checked = validateSubmission({ title: 'Hverdagsrehabilitering i hjemmeplejen', organisation: 'Fredericia Kommune', … });
 * if (!checked.ok) showErrors(checked.issues.map((issue) => [issue.field, issue.message.da]));
 */
export function validateSubmission(input: SubmissionInput): SubmissionCheck {
  const issues: SubmissionIssue[] = [];
  const { mask, kinds } = masker();
  const text = (name: SubmissionFieldName) => asText(input[name]);

  for (const field of SUBMISSION_FIELDS) {
    const value = field.kind === 'multiselect' ? asList(input[field.name]).join(', ') : text(field.name);
    if (field.required && value === '') issues.push({ field: field.name, message: fieldMessage('is required') });
    else if (value.length > field.maxLength) {
      issues.push({ field: field.name, message: fieldMessage(`must be at most ${field.maxLength} characters (got ${value.length})`) });
    }
  }

  const frontMatter: FrontMatter = {
    type: 'case',
    title: mask(text('title')) || undefined,
    organisation: mask(text('organisation')) || undefined,
    organisation_type: text('organisation_type') || undefined,
    region: text('region') || undefined,
    year: text('year') || undefined,
    end_year: text('end_year') || undefined,
    policy_area: mask(text('policy_area')) || undefined,
    innovation_type: asList(input.innovation_type),
    methods: asList(input.methods).map(mask),
    status: text('status') || undefined,
    contact: { role: mask(text('contact_role')) || undefined, email: text('contact_email') || undefined },
    source_url: text('source_url') || undefined,
    audience: 'public',
  };
  const checked = validateMetadata(frontMatter);
  if (!checked.ok) {
    for (const issue of checked.issues) {
      const field = formField(issue.path);
      // A field the form already named as missing or too long is not named twice.
      if (!issues.some((known) => known.field === field)) issues.push({ field, message: fieldMessage(issue.message) });
    }
  }
  if (issues.length > 0 || !checked.ok) return { ok: false, issues: sortByForm(issues) };

  const sections = {
    what_we_did: mask(text('what_we_did')),
    what_came_of_it: mask(text('what_came_of_it')),
    advice: mask(text('advice')),
  };
  return {
    ok: true,
    value: { frontMatter: toFrontMatter(checked.value), body: renderSubmissionBody(sections), metadata: checked.value, maskedKinds: kinds() },
  };
}

/**
 * Checks front matter and body as an adviser edits them in the console (any document type: a "worth keeping"
 * draft is a method note). Free text in the body is masked again, in case an edit pasted personal data.
 */
export function validateDocumentEdit(frontMatter: FrontMatter, body: string): SubmissionCheck {
  const issues: SubmissionIssue[] = [];
  const checked = validateMetadata(frontMatter);
  if (!checked.ok) for (const issue of checked.issues) issues.push({ field: issue.path.join('.') || 'front_matter', message: fieldMessage(issue.message) });
  if (body.trim() === '') issues.push({ field: 'body', message: fieldMessage('is required') });
  if (body.length > 40_000) issues.push({ field: 'body', message: fieldMessage(`must be at most 40000 characters (got ${body.length})`) });
  if (issues.length > 0 || !checked.ok) return { ok: false, issues };
  const masked = maskPersonalData(body, 'da');
  return {
    ok: true,
    value: { frontMatter: toFrontMatter(checked.value), body: masked.text.trimEnd() + '\n', metadata: checked.value, maskedKinds: masked.kinds },
  };
}

/** Parsed metadata back to snake_case front matter, without absent or empty fields. */
export function toFrontMatter(metadata: ParsedMetadata): FrontMatter {
  const entries: Array<[string, unknown]> = [
    ['id', metadata.id],
    ['type', metadata.type],
    ['title', metadata.title],
    ['organisation', metadata.organisation],
    ['organisation_type', metadata.organisationType],
    ['region', metadata.region],
    ['year', metadata.year],
    ['end_year', metadata.endYear],
    ['policy_area', metadata.policyArea],
    ['innovation_type', metadata.innovationType],
    ['methods', metadata.methods],
    ['status', metadata.status],
    ['contact', metadata.contact],
    ['source_url', metadata.sourceUrl],
    ['tags', metadata.tags],
    ['audience', metadata.audience],
    ['author', metadata.author],
    ['aliases', metadata.aliases],
  ];
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0)));
}

function sortByForm(issues: SubmissionIssue[]): SubmissionIssue[] {
  const order = (field: string) => {
    const index = SUBMISSION_FIELDS.findIndex((known) => known.name === field);
    return index === -1 ? SUBMISSION_FIELDS.length : index;
  };
  return [...issues].sort((a, b) => order(a.field) - order(b.field));
}

/** The label of a form field in `language` (the field name itself for a front-matter path the form does not have). */
export function fieldLabel(field: string, language: Language): string {
  return FIELD_BY_NAME.get(field)?.label[language] ?? field;
}
