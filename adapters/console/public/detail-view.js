/**
 * The detail pane: one escalation's question, state, actions, summary, the bot's answer with its sources and the
 * conversation. A refresh (live update) redraws everything but the actions, unless what the adviser can do changed,
 * so typing and focus are never lost.
 */
import { el } from './lib/dom.js';
import { ApiError, escalationPath, getJson, postJson } from './console-api.js';
import { actionsKey, renderActions } from './actions-view.js';
import { ageLabel, channelLabel, formatDateTime, statusLabel, triggerLabel } from './format.js';
import { followCitations, renderLastAnswer, renderSummary, renderTranscript } from './transcript-view.js';

/**
 * @param {{ container: HTMLElement, me: () => { id: string }, colleagues: () => Array<{ id: string, name: string }>,
 *   onChanged: () => void, toast: (text: string, isError?: boolean) => void }} deps
 */
export function createDetailView({ container, me, colleagues, onChanged, toast }) {
  let current = null;
  let key = '';
  const header = el('header', { class: 'detail__header' });
  const actions = el('section', { class: 'detail__actions', 'aria-label': 'Handlinger' });
  const context = el('div', { class: 'detail__context' });
  followCitations(context);

  function section(title, ...children) {
    return el('section', { class: 'panel' }, el('h3', { class: 'panel__title', text: title }), ...children);
  }

  async function run(action, body, done) {
    if (!current) return false;
    const buttons = [...actions.querySelectorAll('button')];
    buttons.forEach((b) => (b.disabled = true));
    try {
      await postJson(escalationPath(current.id, action), body);
      toast(done);
      return true;
    } catch (error) {
      toast(error instanceof ApiError ? error.message : 'Handlingen mislykkedes. Prøv igen.', true);
      return false;
    } finally {
      buttons.forEach((b) => (b.disabled = false));
      await refresh();
      onChanged();
    }
  }

  function render(detail) {
    const who = me();
    const present = (...nodes) => nodes.filter(Boolean);
    header.replaceChildren(...present(
      el('p', { class: 'detail__kicker', text: `${channelLabel(detail.channel)} · ${triggerLabel(detail.trigger)}` }),
      el('h2', { id: 'detail-heading', class: 'detail__question', tabindex: '-1', text: detail.question }),
      el(
        'p',
        { class: 'detail__meta' },
        el('span', { class: `badge badge--${detail.status}`, text: statusLabel(detail, who) }),
        detail.overdue ? el('span', { class: 'badge badge--overdue', text: 'Over tid' }) : null,
        el('span', { text: `Oprettet ${formatDateTime(detail.createdAt)} (${ageLabel(detail.ageMinutes)} siden)` }),
        detail.status === 'queued' ? el('span', { text: `Frist ${formatDateTime(detail.dueAt)}` }) : null,
        detail.userName ? el('span', { text: `Bruger: ${detail.userName}` }) : null,
      ),
      detail.deliveryFailed ? el('p', { class: 'alert', role: 'alert', text: 'Den seneste besked kunne ikke leveres til brugeren.' }) : null,
    ));
    const nextKey = actionsKey(detail, who);
    if (nextKey !== key) {
      key = nextKey;
      actions.replaceChildren(renderActions(detail, who, colleagues(), run));
    }
    context.replaceChildren(...present(
      detail.resolutionNote ? section('Note ved afslutning', el('p', { class: 'pre', text: detail.resolutionNote })) : null,
      section('Resumé', renderSummary(detail.summary)),
      section('Assistentens svar', renderLastAnswer(detail)),
      section('Samtalen', renderTranscript(detail)),
    ));
  }

  async function load(id) {
    try {
      return await getJson(escalationPath(id));
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  }

  async function refresh() {
    if (!current) return;
    const detail = await load(current.id).catch(() => current);
    if (detail && detail.id === current?.id) {
      current = detail;
      render(detail);
    }
  }

  return {
    /** Shows escalation `id` (and moves focus to its heading when `focus`). */
    async show(id, focus = false) {
      const detail = await load(id);
      if (!detail) {
        current = null;
        key = '';
        container.replaceChildren(el('div', { class: 'detail__empty' }, el('h2', { id: 'detail-heading', text: 'Henvendelsen findes ikke' })));
        return;
      }
      current = detail;
      key = '';
      render(detail);
      container.replaceChildren(el('div', { class: 'detail__inner' }, header, actions, context));
      if (focus) container.querySelector('#detail-heading')?.focus?.();
    },
    refresh,
    /** The id on screen, if any. */
    currentId: () => current?.id ?? '',
  };
}
