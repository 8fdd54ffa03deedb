/**
 * What the adviser can do with the escalation on screen, depending on its state: take it (Overtag), reply, hand it
 * back, reassign it to a colleague, resolve it with a note and "worth keeping". Typed text survives re-renders.
 */
import { el } from './lib/dom.js';

/** Drafts per escalation id: the reply text, the resolution note and the keep flag. */
const drafts = new Map();
const draft = (id) => drafts.get(id) ?? drafts.set(id, { reply: '', note: '', keep: false }).get(id);

/** Forgets an escalation's drafts (after it is resolved). */
export const clearDraft = (id) => drafts.delete(id);

/** A key that changes exactly when the set of available actions changes. */
export function actionsKey(detail, me) {
  return `${detail.id}|${detail.status}|${detail.adviserId === me.id ? 'mine' : (detail.adviserId ?? '')}`;
}

function textField(id, label, value, onInput, rows, hint) {
  return [
    el('label', { for: id, text: label }),
    hint ? el('p', { id: `${id}-hint`, class: 'hint', text: hint }) : null,
    el('textarea', { id, rows, maxlength: '4000', 'aria-describedby': hint ? `${id}-hint` : null, oninput: (e) => onInput(e.target.value) }, value),
  ];
}

function reassignForm(detail, me, colleagues, run) {
  const others = colleagues.filter((c) => c.id !== me.id);
  if (others.length === 0) return null;
  const select = el('select', { id: 'reassign-to' }, others.map((c) => el('option', { value: c.id, text: c.name })));
  return el(
    'form',
    { class: 'inline-form', onsubmit: (e) => (e.preventDefault(), run('reassign', { adviserId: select.value }, `Overdraget til ${select.selectedOptions[0]?.textContent}.`)) },
    el('label', { for: 'reassign-to', text: 'Overdrag til' }),
    select,
    el('button', { type: 'submit', class: 'button button--secondary', text: 'Overdrag' }),
  );
}

/**
 * Builds the actions for `detail`.
 * @param {object} detail the escalation
 * @param {{ id: string }} me the signed-in adviser
 * @param {Array<{ id: string, name: string }>} colleagues enabled advisers
 * @param {(action: string, body: object | undefined, done: string) => Promise<boolean>} run performs an action
 */
export function renderActions(detail, me, colleagues, run) {
  const d = draft(detail.id);
  if (detail.status === 'resolved' || detail.status === 'cancelled') {
    return el('p', { class: 'state-note', text: detail.status === 'resolved' ? 'Henvendelsen er løst. Assistenten svarer brugeren igen.' : 'Brugeren annullerede anmodningen.' });
  }
  if (detail.status === 'queued') {
    return el(
      'div',
      { class: 'actions' },
      el('button', { type: 'button', class: 'button button--primary', 'data-action': 'claim', text: 'Overtag', onclick: () => run('claim', undefined, 'Du har overtaget henvendelsen. Brugeren får besked.') }),
      reassignForm(detail, me, colleagues, run),
    );
  }
  if (detail.adviserId !== me.id) {
    return el('p', { class: 'state-note', text: `${detail.adviserName ?? 'En anden rådgiver'} har overtaget henvendelsen. Du kan først svare, hvis den bliver overdraget til dig.` });
  }
  const reply = el(
    'form',
    {
      class: 'stack-form',
      onsubmit: async (e) => {
        e.preventDefault();
        const text = d.reply.trim();
        if (!text) return e.target.querySelector('textarea').focus();
        const form = e.currentTarget;
        if (await run('messages', { text }, 'Svaret er sendt til brugeren.')) {
          d.reply = '';
          form.querySelector('textarea').value = '';
        }
      },
    },
    textField('reply-text', 'Svar til brugeren', d.reply, (v) => (d.reply = v), 4, 'Brugeren ser svaret med det samme i sin egen samtale.'),
    el('div', { class: 'row' }, el('button', { type: 'submit', class: 'button button--primary', text: 'Send svar' })),
  );
  const resolve = el(
    'form',
    {
      class: 'stack-form resolve-form',
      onsubmit: async (e) => {
        e.preventDefault();
        const note = d.note.trim();
        if (await run('resolve', { ...(note ? { note } : {}), keep: d.keep }, 'Henvendelsen er afsluttet. Assistenten er tilbage hos brugeren.')) clearDraft(detail.id);
      },
    },
    el('h3', { class: 'form-heading', text: 'Afslut henvendelsen' }),
    textField('resolve-note', 'Note (kun for rådgivere, valgfri)', d.note, (v) => (d.note = v), 2),
    el(
      'label',
      { class: 'check' },
      el('input', { type: 'checkbox', id: 'resolve-keep', checked: d.keep, onchange: (e) => (d.keep = e.target.checked) }),
      ' Værd at gemme – svaret bliver et udkast til biblioteket',
    ),
    el('div', { class: 'row' }, el('button', { type: 'submit', class: 'button button--secondary', text: 'Afslut' })),
  );
  return el(
    'div',
    { class: 'actions' },
    reply,
    el(
      'div',
      { class: 'row row--spread' },
      el('button', { type: 'button', class: 'button button--secondary', 'data-action': 'release', text: 'Giv tilbage til køen', onclick: () => run('release', undefined, 'Henvendelsen er tilbage i køen.') }),
      reassignForm(detail, me, colleagues, run),
    ),
    resolve,
  );
}
