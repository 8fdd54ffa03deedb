/**
 * Masks personal data in what an adviser writes to a user, but keeps the contacts the library publishes and the
 * advisers' own addresses: "ring til projektlederen på +45 7000 0101" is the answer the user asked for, while a CPR
 * number or a citizen's phone number pasted by mistake is not stored.
 */
import type { Queryable } from '../../knowledge/index.js';
import { phoneKey, readPublishedContacts } from '../../knowledge/store/published-contacts.js';
import type { Language } from '../messages.js';
import { maskPersonalData, type MaskResult } from '../understanding/mask-personal-data.js';

export async function maskAdviserText(db: Queryable, text: string, language: Language): Promise<MaskResult> {
  // Most replies hold no contact at all: read the published ones only when there is something to keep.
  const plain = maskPersonalData(text, language);
  if (!plain.kinds.some((kind) => kind === 'email' || kind === 'phone')) return plain;
  const published = await readPublishedContacts(db);
  return maskPersonalData(text, language, {
    keep: (kind, value) => {
      if (kind === 'email') return published.emails.has(value.toLowerCase());
      if (kind === 'phone') return published.phones.has(phoneKey(value) ?? '');
      return false;
    },
  });
}
