/**
 * The reply to "Hvem kan jeg kontakte?" after a case answer: each case's contact exactly as its document lists it,
 * with the case's source number. A missing contact is said to be missing; nothing is ever filled in.
 */
import type { Contact } from '../../knowledge/index.js';
import type { CaseCard, Language } from '../messages.js';
import type { ComposedAnswer } from './composed-answer.js';
import { replyTexts } from './reply-texts.js';

/** "Name (role), e-mail, tlf. phone" from the fields that are present; '' when none is. */
export function formatContact(contact: Contact | undefined, language: Language): string {
  if (!contact) return '';
  const who = contact.name && contact.role ? `${contact.name} (${contact.role})` : (contact.name ?? contact.role ?? '');
  const parts = [who, contact.email ?? '', contact.phone ? `${replyTexts(language).phoneLabel} ${contact.phone}` : ''];
  return parts.filter((part) => part.trim() !== '').join(', ');
}

/**
 * One bullet per case: "**Organisation** – title [n]: contact", or the "no contact listed" text. `usedCitations`
 * lists the cases' citation numbers. With no cases the text says there is nothing to look up and cites nothing.
 */
export function composeContactsAnswer(cases: CaseCard[], language: Language): ComposedAnswer {
  const texts = replyTexts(language);
  if (cases.length === 0) return { text: texts.noContacts(), usedCitations: [] };
  const used = new Set<number>();
  const lines = cases.map((card) => {
    const who = card.organisation ? `**${card.organisation}** – ${card.title}` : `**${card.title}**`;
    const citation = card.citation !== undefined ? ` [${card.citation}]` : '';
    if (card.citation !== undefined) used.add(card.citation);
    const contact = formatContact(card.contact, language) || texts.contactNotListed();
    return `- ${who}${citation}: ${contact}`;
  });
  const parts = [texts.contactsIntro(), lines.join('\n')];
  if (!cases.some((card) => formatContact(card.contact, language))) parts.push(texts.offerAdviser());
  return { text: parts.join('\n\n'), usedCitations: [...used].sort((a, b) => a - b) };
}
