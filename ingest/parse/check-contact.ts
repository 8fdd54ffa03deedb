import type { Contact } from '../../knowledge/documents/library-document.js';
import { type Checked, checkEmail, checkText, isAbsent, showValue } from './field-checks.js';

const CONTACT_KEYS = ['name', 'role', 'email', 'phone'] as const;

/**
 * The `contact` mapping: name, role, email, phone, all optional; other keys ignored.
 * Phone numbers written as YAML/JSON numbers become text. A mapping with nothing in it is absent.
 * Errors carry the sub-field in `path` (e.g. ['email']) so messages can say contact.email / contact_email.
 */
export function checkContact(value: unknown): Checked<Contact | undefined> {
  if (isAbsent(value)) return { ok: true, value: undefined };
  if (typeof value !== 'object' || Array.isArray(value) || value === null) {
    return { ok: false, message: `must be a mapping with name, role, email, phone (got ${showValue(value)})` };
  }
  const raw = value as Record<string, unknown>;
  const contact: Contact = {};
  for (const key of CONTACT_KEYS) {
    const checked = key === 'email' ? checkEmail(raw[key]) : checkText(raw[key]);
    if (!checked.ok) return { ok: false, message: checked.message, path: [key] };
    if (checked.value !== undefined) contact[key] = checked.value;
  }
  return { ok: true, value: Object.keys(contact).length > 0 ? contact : undefined };
}
