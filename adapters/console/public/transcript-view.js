/**
 * The escalation's context as the adviser reads it: the bot's answer with clickable [n] citations and its numbered
 * sources (linked to the library), and the whole conversation (user, assistant, advisers, hand-off lines).
 */
import { el, externalLink, safeFragment } from './lib/dom.js';
import { renderMarkdown } from './lib/markdown.js';
import { formatTime } from './format.js';

const ROLE = { user: 'Bruger', bot: 'Assistenten', adviser: 'Rådgiver', system: 'System' };

const sourceId = (key, n) => `src-${String(key).replace(/[^\w-]/g, '_')}-${n}`;

/** Markdown with [n] linked to the sources of `key`, when that citation exists. */
function answerBody(key, text, citations) {
  const numbers = new Set((citations ?? []).map((c) => c.n));
  const body = el('div', { class: 'answer' });
  body.append(safeFragment(renderMarkdown(text ?? '', { citationHref: (n) => (numbers.has(n) ? `#${sourceId(key, n)}` : undefined) })));
  return body;
}

/** The numbered source list of an answer. */
function sources(key, citations) {
  if (!citations?.length) return null;
  return el(
    'ol',
    { class: 'sources', 'aria-label': 'Kilder' },
    citations.map((c) =>
      el(
        'li',
        { id: sourceId(key, c.n), class: 'source', tabindex: '-1' },
        el('span', { class: 'source__n', text: `[${c.n}]` }),
        el(
          'span',
          { class: 'source__body' },
          externalLink(c.title, c.url, 'source__title'),
          el('span', { class: 'source__meta', text: [c.organisation, c.year, c.section].filter(Boolean).join(' · ') }),
          c.passage ? el('details', {}, el('summary', { text: 'Vis uddrag' }), el('blockquote', { text: c.passage })) : null,
        ),
      ),
    ),
  );
}

/** The summary written for advisers (it may quote the bot's Markdown). */
export function renderSummary(text) {
  const body = el('div', { class: 'answer' });
  body.append(safeFragment(renderMarkdown(text ?? '')));
  return body;
}

/** "Botens svar": what the user saw before asking for an adviser. */
export function renderLastAnswer(detail) {
  if (!detail.lastAnswer) return el('p', { class: 'muted', text: 'Assistenten havde ikke givet et svar med kilder.' });
  return el('div', { class: 'last-answer' }, answerBody('last', detail.lastAnswer.text, detail.lastAnswer.citations), sources('last', detail.lastAnswer.citations));
}

/** The conversation, oldest first. */
export function renderTranscript(detail) {
  const entries = detail.transcript ?? [];
  if (entries.length === 0) return el('p', { class: 'muted', text: 'Ingen beskeder.' });
  return el(
    'ol',
    { class: 'transcript' },
    entries.map((entry) =>
      el(
        'li',
        { class: `entry entry--${entry.role}`, 'data-entry-id': entry.id },
        el(
          'p',
          { class: 'entry__head' },
          el('span', { class: 'entry__who', text: entry.role === 'adviser' && entry.authorName ? `${entry.authorName} (rådgiver)` : (entry.authorName && entry.role === 'user' ? entry.authorName : ROLE[entry.role] ?? entry.role) }),
          el('time', { datetime: entry.createdAt, text: formatTime(entry.createdAt) }),
        ),
        entry.role === 'bot' ? answerBody(entry.id, entry.text, entry.citations) : el('p', { class: 'entry__text', text: entry.text }),
        entry.role === 'bot' && entry.citations?.length
          ? el('details', { class: 'entry__sources' }, el('summary', { text: `Kilder (${entry.citations.length})` }), sources(entry.id, entry.citations))
          : null,
      ),
    ),
  );
}

/** Citation links: jump to the source (opening its <details> when folded), focus and highlight it. */
export function followCitations(container) {
  container.addEventListener('click', (event) => {
    const link = event.target.closest('a.cite');
    const target = link && document.getElementById(link.getAttribute('href').slice(1));
    if (!target) return;
    event.preventDefault();
    const folded = target.closest('details');
    if (folded) folded.open = true;
    for (const other of container.querySelectorAll('.source.is-highlighted')) other.classList.remove('is-highlighted');
    target.classList.add('is-highlighted');
    target.scrollIntoView({ block: 'center', behavior: window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
    target.focus({ preventScroll: true });
  });
}
