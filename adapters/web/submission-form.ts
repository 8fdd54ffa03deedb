/**
 * The case-submission form as the web page draws it (`GET /api/submission-form?lang=da|en`): the fields of
 * SUBMISSION_FIELDS in one language, and the attachment's rules. The page builds its form from this; it has no
 * list of fields of its own.
 */
import type { Language } from '../../bot/messages.js';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_TYPES,
  SUBMISSION_FIELDS,
  type SubmissionFieldKind,
} from '../../bot/submissions/submission-fields.js';

export interface WebFormField {
  name: string;
  kind: SubmissionFieldKind;
  label: string;
  hint?: string;
  required: boolean;
  maxLength: number;
  options?: Array<{ value: string; label: string }>;
}

export interface WebSubmissionForm {
  language: Language;
  fields: WebFormField[];
  /** The one optional file: field name, accepted extensions and MIME types, largest size. */
  attachment: { name: 'attachment'; label: string; hint: string; accept: string; types: string[]; maxBytes: number };
}

const ATTACHMENT_TEXT: Record<Language, { label: string; hint: string }> = {
  da: { label: 'Vedhæft en fil (valgfrit)', hint: 'PDF eller Word (.docx), højst 10 MB' },
  en: { label: 'Attach a file (optional)', hint: 'PDF or Word (.docx), at most 10 MB' },
};

/** The form in `language`. */
export function webSubmissionForm(language: Language): WebSubmissionForm {
  return {
    language,
    fields: SUBMISSION_FIELDS.map((field) => ({
      name: field.name,
      kind: field.kind,
      label: field.label[language],
      ...(field.hint ? { hint: field.hint[language] } : {}),
      required: field.required,
      maxLength: field.maxLength,
      ...(field.options ? { options: field.options.map((option) => ({ value: option.value, label: option.label[language] })) } : {}),
    })),
    attachment: {
      name: 'attachment',
      ...ATTACHMENT_TEXT[language],
      accept: Object.values(ATTACHMENT_TYPES).join(','),
      types: Object.keys(ATTACHMENT_TYPES),
      maxBytes: ATTACHMENT_MAX_BYTES,
    },
  };
}
