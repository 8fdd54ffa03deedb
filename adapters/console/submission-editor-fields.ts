/**
 * The fields of the Forslag editor, derived from the one field list (`SUBMISSION_FIELDS`) so the console shows the
 * same labels, hints and choices as the channels' forms. The editor edits front matter, not the form: the three body
 * sections are the Markdown body instead, the contact's role and e-mail are `contact.role` / `contact.email`, and the
 * front-matter fields a form does not ask for (type, audience, tags, …) are added. `key` is the front-matter path,
 * the same path `validateDocumentEdit` names in its issues, so an error lands beside its field.
 */
import { BODY_SECTIONS, SUBMISSION_FIELDS, type SubmissionField } from '../../bot/submissions/submission-fields.js';
import { AUDIENCES, DOCUMENT_TYPES } from '../../knowledge/documents/library-document.js';

/** How the page shows a field: a list is comma-separated text stored as an array. */
export type EditorFieldKind = 'text' | 'select' | 'multiselect' | 'year' | 'email' | 'url' | 'list';

export interface EditorField {
  /** The front-matter path (`title`, `contact.email`). */
  key: string;
  kind: EditorFieldKind;
  label: string;
  hint?: string;
  /** Required by the library's schema (the form's stricter rules apply to what users send, not to an adviser). */
  required: boolean;
  options?: Array<{ value: string; label: string }>;
  maxLength?: number;
}

const TYPE_LABELS: Record<(typeof DOCUMENT_TYPES)[number], string> = { case: 'Case', method: 'Metode', research: 'Forskning' };
const AUDIENCE_LABELS: Record<(typeof AUDIENCES)[number], string> = { public: 'Alle brugere', internal: 'Kun centrets medarbejdere' };

/** Form field name → front-matter path, where they differ. */
const FRONT_MATTER_KEY: Record<string, string> = { contact_role: 'contact.role', contact_email: 'contact.email' };
/** Form fields whose comma-separated text is a list in the front matter. */
const LISTS = new Set(['methods']);
const BODY_FIELDS = new Set<string>(BODY_SECTIONS.map((section) => section.name));

function fromForm(field: SubmissionField): EditorField {
  const key = FRONT_MATTER_KEY[field.name] ?? field.name;
  const kind: EditorFieldKind = LISTS.has(field.name) ? 'list' : field.kind === 'longtext' ? 'text' : field.kind;
  return {
    key,
    kind,
    label: field.label.da,
    ...(field.hint ? { hint: field.hint.da } : {}),
    required: key === 'title',
    ...(field.options ? { options: field.options.map((option) => ({ value: option.value, label: option.label.da })) } : {}),
    maxLength: field.maxLength,
  };
}

const text = (key: string, label: string, hint?: string): EditorField => ({ key, kind: 'text', label, required: false, maxLength: 200, ...(hint ? { hint } : {}) });

/** The editor's fields, in the order the page shows them. */
export function editorFields(): EditorField[] {
  const form = new Map(SUBMISSION_FIELDS.filter((field) => !BODY_FIELDS.has(field.name)).map((field) => [field.name as string, fromForm(field)]));
  const take = (name: string) => form.get(name)!;
  return [
    { key: 'type', kind: 'select', label: 'Dokumenttype', required: true, options: DOCUMENT_TYPES.map((value) => ({ value, label: TYPE_LABELS[value] })) },
    take('title'),
    { ...take('organisation'), hint: 'Skal udfyldes for en case. Fx Aarhus Kommune' },
    take('organisation_type'),
    take('region'),
    take('year'),
    take('end_year'),
    take('policy_area'),
    take('methods'),
    take('innovation_type'),
    take('status'),
    text('contact.name', 'Kontaktpersonens navn'),
    take('contact_role'),
    take('contact_email'),
    text('contact.phone', 'Kontaktpersonens telefon (arbejde)'),
    take('source_url'),
    { key: 'tags', kind: 'list', label: 'Emneord', hint: 'Adskil med komma', required: false, maxLength: 300 },
    { key: 'audience', kind: 'select', label: 'Målgruppe', required: true, options: AUDIENCES.map((value) => ({ value, label: AUDIENCE_LABELS[value] })) },
    text('author', 'Forfatter'),
    { key: 'aliases', kind: 'list', label: 'Andre navne for projektet', hint: 'Adskil med komma', required: false, maxLength: 300 },
  ];
}
