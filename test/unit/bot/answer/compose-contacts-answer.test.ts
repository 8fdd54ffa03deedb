import { describe, expect, it } from 'vitest';
import {
  REPLY_TEXTS,
  buildCaseCards,
  buildCitations,
  composeContactsAnswer,
  formatContact,
} from '../../../../bot/answer/index.js';
import type { CaseCard } from '../../../../bot/messages.js';
import { loadHitFixture } from '../../../fixtures/hits/hit-fixtures.js';

function casesFor(id: string): CaseCard[] {
  const { hits } = loadHitFixture(id);
  return buildCaseCards(hits, buildCitations(hits).byDocument);
}

describe('composeContactsAnswer', () => {
  it('should list each case with its contact and citation number when the cases list contacts', () => {
    const cases = casesFor('q01');
    const { text, usedCitations } = composeContactsAnswer(cases, 'da');
    expect(text.startsWith(REPLY_TEXTS.da.contactsIntro())).toBe(true);
    for (const card of cases) {
      expect(text).toContain(`**${card.organisation}** – ${card.title} [${card.citation}]`);
      if (card.contact?.email) expect(text).toContain(card.contact.email);
      if (card.contact?.phone) expect(text).toContain(`tlf. ${card.contact.phone}`);
    }
    expect(usedCitations).toEqual(cases.map((card) => card.citation).sort((a, b) => a! - b!));
  });

  it('should say that no contact is listed and invent none when a case has no contact', () => {
    const [card] = casesFor('q01');
    const withoutContact: CaseCard = { ...card, contact: undefined };
    const { text } = composeContactsAnswer([withoutContact], 'da');
    expect(text).toContain(REPLY_TEXTS.da.contactNotListed());
    expect(text).not.toMatch(/@|tlf\./u);
    expect(text).toContain(REPLY_TEXTS.da.offerAdviser());
  });

  it('should answer in English with an English phone label when the user writes English', () => {
    const cases = casesFor('q02');
    const { text } = composeContactsAnswer(cases, 'en');
    expect(text.startsWith(REPLY_TEXTS.en.contactsIntro())).toBe(true);
    const phone = cases.find((card) => card.contact?.phone)!.contact!.phone!;
    expect(text).toContain(`phone ${phone}`);
  });

  it('should say there is nothing to look up and cite nothing when there are no cases', () => {
    expect(composeContactsAnswer([], 'da')).toEqual({ text: REPLY_TEXTS.da.noContacts(), usedCitations: [] });
    expect(composeContactsAnswer([], 'en')).toEqual({ text: REPLY_TEXTS.en.noContacts(), usedCitations: [] });
  });
});

describe('formatContact', () => {
  it('should join only the fields that are present when a contact is partial', () => {
    expect(formatContact({ name: 'Anne Hansen', role: 'Projektleder', email: 'ah@x.dk', phone: '+45 1234' }, 'da')).toBe(
      'Anne Hansen (Projektleder), ah@x.dk, tlf. +45 1234',
    );
    expect(formatContact({ role: 'Konsulent' }, 'en')).toBe('Konsulent');
    expect(formatContact({}, 'da')).toBe('');
    expect(formatContact(undefined, 'da')).toBe('');
  });
});
