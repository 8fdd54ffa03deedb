/**
 * The fields of the "Del jeres erfaring" form, defined once: every channel (web form, Slack modal, Teams Adaptive
 * Card, the console's editor) renders its form from this list, and `validateSubmission` checks what comes back.
 * Names are the library's front-matter names (snake_case) where the field is metadata, plus the contact's role and
 * e-mail and the three body sections that become the case's text.
 */
import {
  INNOVATION_TYPES,
  ORGANISATION_TYPES,
  REGIONS,
  STATUSES,
} from '../../knowledge/documents/library-document.js';
import type { Language } from '../messages.js';

/** How a channel shows a field. */
export type SubmissionFieldKind = 'text' | 'longtext' | 'select' | 'multiselect' | 'year' | 'email' | 'url';

export interface SubmissionField {
  name: SubmissionFieldName;
  kind: SubmissionFieldKind;
  required: boolean;
  label: Record<Language, string>;
  /** A short help text under the field. */
  hint?: Record<Language, string>;
  /** `select` / `multiselect`: the allowed values (also what is stored) and their labels. */
  options?: ReadonlyArray<{ value: string; label: Record<Language, string> }>;
  /** Longest accepted text, in characters (channels set it on their inputs too). */
  maxLength: number;
}

export const SUBMISSION_FIELD_NAMES = [
  'title',
  'organisation',
  'organisation_type',
  'region',
  'year',
  'end_year',
  'policy_area',
  'what_we_did',
  'what_came_of_it',
  'advice',
  'methods',
  'innovation_type',
  'status',
  'contact_role',
  'contact_email',
  'source_url',
] as const;
export type SubmissionFieldName = (typeof SUBMISSION_FIELD_NAMES)[number];

/** The three body sections, in the order they appear in the published case, with their Markdown headings. */
export const BODY_SECTIONS = [
  { name: 'what_we_did', heading: { da: 'Hvad vi gjorde', en: 'What we did' } },
  { name: 'what_came_of_it', heading: { da: 'Hvad det førte til', en: 'What came of it' } },
  { name: 'advice', heading: { da: 'Råd til andre', en: 'Advice to others' } },
] as const satisfies ReadonlyArray<{ name: SubmissionFieldName; heading: Record<Language, string> }>;

const same = (value: string) => ({ da: value, en: value });

const ORGANISATION_TYPE_LABELS: Record<(typeof ORGANISATION_TYPES)[number], Record<Language, string>> = {
  kommune: { da: 'Kommune', en: 'Municipality' },
  region: { da: 'Region', en: 'Region' },
  stat: { da: 'Statslig', en: 'State agency' },
  andet: { da: 'Andet', en: 'Other' },
};

const STATUS_LABELS: Record<(typeof STATUSES)[number], Record<Language, string>> = {
  idé: { da: 'Idé', en: 'Idea' },
  igangværende: { da: 'Igangværende', en: 'Ongoing' },
  afsluttet: { da: 'Afsluttet', en: 'Completed' },
  skaleret: { da: 'Skaleret', en: 'Scaled up' },
};

const INNOVATION_TYPE_LABELS: Record<(typeof INNOVATION_TYPES)[number], Record<Language, string>> = {
  medarbejderdreven: { da: 'Medarbejderdreven', en: 'Employee-driven' },
  brugerdreven: { da: 'Brugerdreven', en: 'User-driven' },
  samarbejdsdrevet: { da: 'Samarbejdsdrevet', en: 'Collaboration-driven' },
  teknologisk: { da: 'Teknologisk', en: 'Technological' },
};

export const SUBMISSION_FIELDS: readonly SubmissionField[] = [
  { name: 'title', kind: 'text', required: true, maxLength: 150, label: { da: 'Titel', en: 'Title' } },
  { name: 'organisation', kind: 'text', required: true, maxLength: 150, label: { da: 'Organisation', en: 'Organisation' }, hint: { da: 'Fx Aarhus Kommune', en: 'E.g. Aarhus Kommune' } },
  {
    name: 'organisation_type',
    kind: 'select',
    required: true,
    maxLength: 20,
    label: { da: 'Organisationstype', en: 'Type of organisation' },
    options: ORGANISATION_TYPES.map((value) => ({ value, label: ORGANISATION_TYPE_LABELS[value] })),
  },
  {
    name: 'region',
    kind: 'select',
    required: true,
    maxLength: 20,
    label: { da: 'Region', en: 'Region' },
    options: REGIONS.map((value) => ({ value, label: value === 'national' ? { da: 'Landsdækkende', en: 'Nationwide' } : same(value) })),
  },
  { name: 'year', kind: 'year', required: true, maxLength: 4, label: { da: 'Startår', en: 'Start year' } },
  { name: 'end_year', kind: 'year', required: false, maxLength: 4, label: { da: 'Slutår', en: 'End year' }, hint: { da: 'Tomt hvis projektet stadig kører', en: 'Empty if the project is still running' } },
  { name: 'policy_area', kind: 'text', required: true, maxLength: 100, label: { da: 'Politikområde', en: 'Policy area' }, hint: { da: 'Fx ældre, beskæftigelse, klima', en: 'E.g. elderly care, employment, climate' } },
  { name: 'what_we_did', kind: 'longtext', required: true, maxLength: 6000, label: { da: 'Hvad gjorde I?', en: 'What did you do?' } },
  { name: 'what_came_of_it', kind: 'longtext', required: true, maxLength: 6000, label: { da: 'Hvad kom der ud af det?', en: 'What came of it?' } },
  { name: 'advice', kind: 'longtext', required: true, maxLength: 4000, label: { da: 'Råd til andre, der vil gøre det samme', en: 'Advice to others who want to do the same' } },
  { name: 'methods', kind: 'text', required: false, maxLength: 300, label: { da: 'Metoder I brugte', en: 'Methods you used' }, hint: { da: 'Adskil med komma, fx brugerrejse, prototype', en: 'Separate with commas, e.g. user journey, prototype' } },
  {
    name: 'innovation_type',
    kind: 'multiselect',
    required: false,
    maxLength: 100,
    label: { da: 'Innovationstype', en: 'Type of innovation' },
    options: INNOVATION_TYPES.map((value) => ({ value, label: INNOVATION_TYPE_LABELS[value] })),
  },
  {
    name: 'status',
    kind: 'select',
    required: true,
    maxLength: 20,
    label: { da: 'Status', en: 'Status' },
    options: STATUSES.map((value) => ({ value, label: STATUS_LABELS[value] })),
  },
  { name: 'contact_role', kind: 'text', required: true, maxLength: 120, label: { da: 'Kontaktpersonens rolle', en: "Contact person's role" }, hint: { da: 'Fx projektleder, Sundhed og Omsorg', en: 'E.g. project manager, Health and Care' } },
  { name: 'contact_email', kind: 'email', required: true, maxLength: 200, label: { da: 'Kontaktens arbejdsmail', en: "Contact's work e-mail" } },
  { name: 'source_url', kind: 'url', required: false, maxLength: 500, label: { da: 'Link (valgfrit)', en: 'Link (optional)' } },
];

/** The field of a name. */
export function submissionField(name: SubmissionFieldName): SubmissionField {
  return SUBMISSION_FIELDS.find((field) => field.name === name)!;
}

/** What a channel sends in: each field as the user typed it (multiselect: a list or a comma-separated text). */
export type SubmissionInput = Partial<Record<SubmissionFieldName, string | string[] | number | null | undefined>>;

/** The attachment rules (web form): PDF or DOCX, at most 10 MB. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENT_TYPES = {
  'application/pdf': '.pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '.docx',
} as const;
