/**
 * The parts of a bot reply that point at the library: the numbered source list and the case cards.
 */
import { el, externalLink, mailLink, phoneLink } from './dom.js';

/** The id of citation n's item in reply `replyId`'s source list (the target of `[n]`). */
export function sourceId(replyId, n) {
  return `src-${String(replyId).replace(/[^\w-]/g, '_')}-${n}`;
}

const capitalise = (text) => (text ? text.charAt(0).toUpperCase() + text.slice(1) : text);
const join = (parts) => parts.filter((part) => part !== undefined && part !== null && part !== '').join(' · ');

/** The numbered source list: number, linked title, organisation and year, and the passage in a <details>. */
export function renderSources(reply) {
  if (!Array.isArray(reply.citations) || reply.citations.length === 0) return null;
  const headingId = `${sourceId(reply.replyId, 'heading')}`;
  const items = reply.citations.map((citation) =>
    el(
      'li',
      { id: sourceId(reply.replyId, citation.n), class: 'source', tabindex: '-1', 'data-n': citation.n },
      el('span', { class: 'source__n', 'aria-hidden': 'true', text: `[${citation.n}]` }),
      el(
        'div',
        { class: 'source__body' },
        el('span', { class: 'visually-hidden', text: `Kilde ${citation.n}: ` }),
        externalLink(citation.title, citation.url, 'source__title'),
        el('span', { class: 'source__meta', text: join([citation.organisation, citation.year]) }),
        citation.passage
          ? el(
              'details',
              { class: 'source__details' },
              el('summary', { text: 'Vis uddrag' }),
              el('blockquote', { class: 'source__passage', text: citation.passage }),
              citation.section ? el('p', { class: 'source__section', text: `Afsnit: ${citation.section}` }) : null,
            )
          : null,
      ),
    ),
  );
  return el(
    'section',
    { class: 'sources', 'aria-labelledby': headingId },
    el('h3', { id: headingId, class: 'section-heading', text: 'Kilder' }),
    el('ol', { class: 'source-list' }, items),
  );
}

function years(card) {
  if (!card.year) return undefined;
  return card.endYear && card.endYear !== card.year ? `${card.year}–${card.endYear}` : String(card.year);
}

function renderContact(contact) {
  if (!contact) return null;
  const name = contact.name || contact.role;
  const role = contact.name && contact.role !== contact.name ? contact.role : undefined;
  const email = mailLink(contact.email);
  const phone = phoneLink(contact.phone);
  if (!name && !email && !phone) return null;
  return el(
    'div',
    { class: 'case-card__contact' },
    el('span', { class: 'case-card__label', text: 'Kontakt' }),
    name ? el('span', { class: 'case-card__who', text: name }) : null,
    role ? el('span', { class: 'case-card__role', text: role }) : null,
    email,
    phone,
  );
}

/** Case cards: organisation, title, type/region/years/status, summary, contact and "Kilde [n]". */
export function renderCases(reply) {
  if (!Array.isArray(reply.cases) || reply.cases.length === 0) return null;
  const headingId = sourceId(reply.replyId, 'cases');
  const cards = reply.cases.map((card) =>
    el(
      'li',
      { class: 'case-card' },
      el('p', { class: 'case-card__org', text: card.organisation }),
      el('h4', { class: 'case-card__title' }, externalLink(card.title, card.url)),
      el(
        'p',
        { class: 'case-card__meta' },
        [capitalise(card.organisationType), card.region, years(card), capitalise(card.status)]
          .filter(Boolean)
          .flatMap((part, i) => [i > 0 ? ' · ' : null, el('span', { class: 'nowrap', text: part })]),
      ),
      el('p', { class: 'case-card__summary', text: card.summary }),
      renderContact(card.contact),
      card.citation && reply.citations?.some((c) => c.n === card.citation)
        ? el('a', {
            class: 'case-card__cite cite-link',
            href: `#${sourceId(reply.replyId, card.citation)}`,
            'data-cite': card.citation,
            text: `Kilde [${card.citation}]`,
          })
        : null,
    ),
  );
  return el(
    'section',
    { class: 'cases', 'aria-labelledby': headingId },
    el('h3', { id: headingId, class: 'section-heading', text: reply.cases.length === 1 ? 'Case' : 'Cases' }),
    el('ul', { class: 'case-list' }, cards),
  );
}
