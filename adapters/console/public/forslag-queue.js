/**
 * The Forslag queue: status tabs (Nye / Spurgt / Afviste / Publicerede), a source filter (indsendte cases or
 * rådgiverudkast) and the list. Each item links to `#/<id>`; the selected one is marked with aria-current.
 */
import { el } from './lib/dom.js';
import { channelLabel } from './format.js';
import { getJson } from './console-api.js';
import { ageSince, sourceLabel, statusLabel } from './forslag-format.js';

/**
 * @param {{ list: HTMLElement, status: HTMLElement, tabs: HTMLElement, source: HTMLSelectElement }} deps
 */
export function createProposalQueue({ list, status, tabs, source }) {
  let tab = 'new';
  let selected = '';

  function item(proposal) {
    const meta = [proposal.reference, proposal.organisation, channelLabel(proposal.channel), `${ageSince(proposal.createdAt)} siden`].filter(Boolean);
    return el(
      'li',
      { class: `queue-item proposal-item proposal-item--${proposal.status}`, 'data-id': proposal.id },
      el(
        'a',
        { href: `#/${encodeURIComponent(proposal.id)}`, class: 'queue-item__link', 'aria-current': proposal.id === selected ? 'true' : null },
        el(
          'span',
          { class: 'queue-item__top' },
          el('span', { class: `badge badge--proposal-${proposal.status}`, text: statusLabel(proposal.status) }),
          el('span', { class: `tag tag--${proposal.source}`, text: sourceLabel(proposal.source) }),
          proposal.hasAttachment ? el('span', { class: 'tag', text: 'Bilag' }) : null,
        ),
        el('span', { class: 'queue-item__question', text: proposal.title }),
        el('span', { class: 'queue-item__meta', text: meta.join(' · ') }),
      ),
    );
  }

  async function refresh() {
    const query = new URLSearchParams({ status: tab });
    if (source.value) query.set('source', source.value);
    try {
      const proposals = (await getJson(`/api/submissions?${query}`)).submissions ?? [];
      list.replaceChildren(...proposals.map(item));
      list.setAttribute('aria-label', `${proposals.length} forslag`);
      status.textContent = proposals.length === 0 ? 'Ingen forslag her lige nu.' : '';
      if (tab === 'new') document.title = `${proposals.length > 0 ? `(${proposals.length}) ` : ''}Forslag – Kraftcentrets rådgiverkonsol`;
    } catch (error) {
      status.textContent = error.message;
    }
  }

  tabs.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-status]');
    if (!button || button.dataset.status === tab) return;
    tab = button.dataset.status;
    for (const other of tabs.querySelectorAll('button[data-status]')) other.setAttribute('aria-pressed', String(other === button));
    void refresh();
  });
  source.addEventListener('change', () => void refresh());

  return {
    refresh,
    /** Marks the proposal shown in the detail pane. */
    select(id) {
      selected = id;
      for (const link of list.querySelectorAll('.queue-item__link')) {
        if (link.closest('li').dataset.id === id) link.setAttribute('aria-current', 'true');
        else link.removeAttribute('aria-current');
      }
    },
  };
}
