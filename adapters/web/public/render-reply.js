/**
 * Builds the DOM for one bot reply: notices, the answer (safe Markdown with [n] links), case cards, the numbered
 * source list, the escalation status and the suggested actions.
 */
import { el, safeFragment } from './dom.js';
import { renderMarkdown } from './markdown.js';
import { renderActions } from './render-actions.js';
import { renderCases, renderSources, sourceId } from './render-sources.js';

/** The status line for a hand-off to a human adviser. */
export function escalationText(escalation) {
  switch (escalation?.status) {
    case 'queued':
      return 'Venter på en rådgiver…';
    case 'claimed':
      return `${escalation.adviserName || 'En rådgiver'} har overtaget samtalen`;
    case 'resolved':
      return 'Rådgiveren har afsluttet samtalen';
    case 'cancelled':
      return 'Anmodningen om en rådgiver er annulleret';
    default:
      return undefined;
  }
}

function renderNotices(reply) {
  const notices = (reply.notices ?? []).filter((notice) => typeof notice === 'string' && notice.trim());
  if (notices.length === 0) return null;
  return el('ul', { class: 'notices' }, notices.map((notice) => el('li', { class: 'notice', text: notice })));
}

function renderEscalation(reply) {
  const text = escalationText(reply.escalation);
  if (!text) return null;
  return el('p', { class: `escalation escalation--${reply.escalation.status}`, 'data-escalation': reply.escalation.status, text });
}

/**
 * @param {object} reply a BotReply from the API
 * @param {import('./render-actions.js').ActionHandlers} handlers
 * @returns {HTMLElement}
 */
export function renderReply(reply, handlers) {
  const citations = new Set((reply.citations ?? []).map((c) => c.n));
  const citationHref = (n) => (citations.has(n) ? `#${sourceId(reply.replyId, n)}` : undefined);
  const answer = el('div', { class: 'answer' });
  answer.append(safeFragment(renderMarkdown(reply.text ?? '', { citationHref })));
  return el(
    'article',
    { class: 'message message--bot', 'data-reply-id': reply.replyId, lang: reply.language === 'en' ? 'en' : null },
    el('p', { class: 'message__author', text: 'Kraftcenterets assistent' }),
    renderNotices(reply),
    answer,
    renderCases(reply),
    renderSources(reply),
    renderEscalation(reply),
    renderActions(reply, handlers),
  );
}
