/**
 * The contacts the library itself publishes (a case's `contact`, role-based and meant to be called) and the centre's
 * advisers' own addresses. Personal-data masking keeps these: an adviser who writes "ring til projektlederen på
 * +45 7000 0101" is passing on public information, not leaking a citizen's number.
 */
import type { Queryable } from '../db/db.js';

export interface PublishedContacts {
  /** Lower-cased e-mail addresses. */
  emails: Set<string>;
  /** Phone numbers as their last eight digits (Danish numbers, with or without +45). */
  phones: Set<string>;
}

const PUBLISHED_CONTACTS_SQL = `
  SELECT lower(contact->>'email') AS email, contact->>'phone' AS phone FROM documents WHERE contact IS NOT NULL
  UNION ALL
  SELECT lower(email), NULL FROM advisers`;

export async function readPublishedContacts(db: Queryable): Promise<PublishedContacts> {
  const { rows } = await db.query<{ email: string | null; phone: string | null }>(PUBLISHED_CONTACTS_SQL);
  const contacts: PublishedContacts = { emails: new Set(), phones: new Set() };
  for (const row of rows) {
    if (row.email) contacts.emails.add(row.email.trim());
    const phone = phoneKey(row.phone ?? '');
    if (phone) contacts.phones.add(phone);
  }
  return contacts;
}

/** A phone number's comparable form: its last eight digits (undefined when it has fewer). */
export function phoneKey(phone: string): string | undefined {
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 8 ? digits.slice(-8) : undefined;
}
