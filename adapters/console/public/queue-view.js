/**
 * The queue: views (Åbne / Mine / Alle), filters (channel, age) and the list of escalations. Each item links to
 * `#/<id>`; the selected one is marked with aria-current. New arrivals are highlighted and announced.
 */
import { el } from './lib/dom.js';
import { ageLabel, channelLabel, statusLabel, triggerLabel } from './format.js';
import { getJson } from './console-api.js';

const VIEWS = { open: 'status=open', mine: 'status=open&mine=true', all: 'status=all' };

/**
 * @param {{ list: HTMLElement, status: HTMLElement, views: HTMLElement, channel: HTMLSelectElement,
 *   age: HTMLSelectElement, announce: (text: string) => void, me: () => object }} deps
 */
export function createQueueView({ list, status, views, channel, age, announce, me }) {
  let view = 'open';
  let selected = '';
  let known = null;
  let loading = null;
  let again = false;

  function query() {
    const params = [VIEWS[view]];
    if (channel.value) params.push(`channel=${encodeURIComponent(channel.value)}`);
    if (age.value) params.push(`minAge=${encodeURIComponent(age.value)}`);
    return `/api/escalations?${params.join('&')}`;
  }

  function item(escalation, isNew) {
    const current = escalation.id === selected;
    return el(
      'li',
      { class: `queue-item queue-item--${escalation.status}${isNew ? ' is-new' : ''}`, 'data-id': escalation.id },
      el(
        'a',
        { href: `#/${encodeURIComponent(escalation.id)}`, class: 'queue-item__link', 'aria-current': current ? 'true' : null },
        el(
          'span',
          { class: 'queue-item__top' },
          el('span', { class: `badge badge--${escalation.status}`, text: statusLabel(escalation, me()) }),
          escalation.overdue ? el('span', { class: 'badge badge--overdue', text: 'Over tid' }) : null,
          escalation.deliveryFailed ? el('span', { class: 'badge badge--overdue', text: 'Levering fejlet' }) : null,
          el('span', { class: 'tag', text: channelLabel(escalation.channel) }),
        ),
        el('span', { class: 'queue-item__question', text: escalation.question }),
        el(
          'span',
          { class: 'queue-item__meta' },
          `${ageLabel(escalation.ageMinutes)} · ${triggerLabel(escalation.trigger)}${escalation.userName ? ` · ${escalation.userName}` : ''}`,
        ),
      ),
    );
  }

  async function load() {
    const escalations = (await getJson(query())).escalations ?? [];
    const fresh = known === null ? [] : escalations.filter((e) => !known.has(e.id) && e.status === 'queued');
    known = new Set(escalations.map((e) => e.id));
    const freshIds = new Set(fresh.map((e) => e.id));
    list.replaceChildren(...escalations.map((e) => item(e, freshIds.has(e.id))));
    status.textContent = escalations.length === 0 ? 'Ingen henvendelser her lige nu.' : '';
    list.setAttribute('aria-label', `${escalations.length} henvendelser`);
    for (const e of fresh) announce(`Ny henvendelse: ${e.question}`);
    const waiting = escalations.filter((e) => e.status === 'queued').length;
    document.title = `${waiting > 0 ? `(${waiting}) ` : ''}Rådgiverkonsol – Kraftcentret`;
  }

  /** Reloads the list; calls while one is running are folded into one more load afterwards. */
  async function refresh() {
    if (loading) {
      again = true;
      return loading;
    }
    loading = load()
      .catch((error) => {
        status.textContent = error.message;
      })
      .finally(() => {
        loading = null;
        if (again) {
          again = false;
          void refresh();
        }
      });
    return loading;
  }

  views.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-view]');
    if (!button || button.dataset.view === view) return;
    view = button.dataset.view;
    for (const other of views.querySelectorAll('button[data-view]')) other.setAttribute('aria-pressed', String(other === button));
    known = null;
    void refresh();
  });
  for (const select of [channel, age]) {
    select.addEventListener('change', () => {
      known = null;
      void refresh();
    });
  }

  return {
    refresh,
    /** Marks the escalation shown in the detail pane. */
    select(id) {
      selected = id;
      for (const link of list.querySelectorAll('.queue-item__link')) {
        const current = link.closest('li').dataset.id === id;
        if (current) link.setAttribute('aria-current', 'true');
        else link.removeAttribute('aria-current');
      }
    },
  };
}
