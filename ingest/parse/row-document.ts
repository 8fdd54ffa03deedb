/**
 * Shared by the CSV and JSON exports: turns one row/object (front-matter field names, plus `description`
 * for the body and optionally flat contact_name/contact_role/contact_email/contact_phone) into a document.
 * Rows are cases unless they say otherwise, so `type` defaults to 'case'. The id is the row's `id`, else
 * `<file-stem>-<slug(title)>`; sourcePath is `<relativePath>#<rowNumber>`.
 */
import type { LibraryDocument, SourceFormat } from '../../knowledge/documents/library-document.js';
import { describeIssues, type FieldIssue } from './describe-issues.js';
import { checkText, isAbsent } from './field-checks.js';
import { defaultIdForPath } from './file-stem.js';
import { validateMetadata } from './metadata-schema.js';
import { slugify } from './slugify.js';
import { toLibraryDocument } from './to-library-document.js';

/** Where a row sits: `rowNumber` is the CSV line number or the JSON array index. */
export interface RowPosition {
  relativePath: string;
  rowNumber: number;
  format: SourceFormat;
}

/** A row's document, or one message naming every wrong field ("column" for CSV, "field" for JSON). */
export type RowResult = { ok: true; document: LibraryDocument } | { ok: false; message: string };

const FLAT_CONTACT = { contact_name: 'name', contact_role: 'role', contact_email: 'email', contact_phone: 'phone' } as const;

/** Converts one row (keys already in the format's snake_case field names) to a document. */
export function rowToDocument(fields: Record<string, unknown>, position: RowPosition, label: string): RowResult {
  const raw: Record<string, unknown> = { ...fields, type: isAbsent(fields.type) ? 'case' : fields.type };
  const flatContact = isAbsent(fields.contact);
  if (flatContact) {
    const contact = Object.fromEntries(
      Object.entries(FLAT_CONTACT)
        .filter(([column]) => !isAbsent(fields[column]))
        .map(([column, key]) => [key, fields[column]]),
    );
    raw.contact = Object.keys(contact).length > 0 ? contact : undefined;
  }

  const issues: FieldIssue[] = [];
  const metadata = validateMetadata(raw);
  if (!metadata.ok) issues.push(...metadata.issues);
  const description = checkText(fields.description);
  const body = description.ok ? description.value : undefined;
  if (!description.ok) issues.push({ path: ['description'], message: description.message });
  else if (body === undefined) issues.push({ path: ['description'], message: 'is required (the text of the case)' });
  if (!metadata.ok || body === undefined || issues.length > 0) {
    // Flat contact columns are named as written: contact_email, not contact.email.
    const joinPath = (path: string[]) => (flatContact ? path.join('_') : path.join('.'));
    return { ok: false, message: describeIssues(issues, label, joinPath) };
  }

  const stem = defaultIdForPath(position.relativePath);
  const titleSlug = slugify(metadata.value.title);
  return {
    ok: true,
    document: toLibraryDocument(metadata.value, {
      defaultId: `${stem}-${titleSlug || position.rowNumber}`,
      body: body.replace(/\r\n?/g, '\n'),
      sourcePath: `${position.relativePath}#${position.rowNumber}`,
      sourceFormat: position.format,
    }),
  };
}
