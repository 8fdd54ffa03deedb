/**
 * What the adviser can do with the proposal on screen, by its status: ask the submitter (a case a user sent), reject
 * with a reason, publish (after a confirmation), unpublish. Typed text survives re-renders of the same proposal.
 */
import { el } from './lib/dom.js';

const drafts = new Map();
const draft = (id) => drafts.get(id) ?? drafts.set(id, { question: '', reason: '', unpublishReason: '' }).get(id);

function textArea(id, label, hint, value, onInput, required) {
  return [
    el('label', { for: id, text: label }),
    hint ? el('p', { id: `${id}-hint`, class: 'hint', text: hint }) : null,
    el('textarea', { id, rows: '3', maxlength: '2000', required: required || null, 'aria-describedby': hint ? `${id}-hint` : null, oninput: (e) => onInput(e.target.value) }, value),
  ];
}

/** A form that sends one text; empty required text puts the focus back in the box. */
function textForm({ id, heading, label, hint, button, buttonClass, value, onInput, required, submit }) {
  return el(
    'form',
    {
      class: 'stack-form proposal-action',
      onsubmit: async (event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const box = form.querySelector('textarea');
        const text = box.value.trim();
        if (required && !text) return box.focus();
        if (await submit(text)) {
          onInput('');
          box.value = '';
        }
      },
    },
    heading ? el('h3', { class: 'form-heading', text: heading }) : null,
    textArea(id, label, hint, value, onInput, required),
    el('div', { class: 'row' }, el('button', { type: 'submit', class: `button ${buttonClass}`, text: button })),
  );
}

/** Publish, with an inline confirmation (no browser dialog): the case becomes searchable for every user at once. */
function publishControl(run) {
  const box = el('div', { class: 'proposal-action publish-box' });
  const ask = () =>
    box.replaceChildren(
      el('h3', { class: 'form-heading', text: 'Publicér i biblioteket' }),
      el('p', { class: 'hint', text: 'Dokumentet skrives i biblioteket og kan findes af assistenten med det samme. Indsenderen får besked med et link.' }),
      el('div', { class: 'row' }, el('button', { type: 'button', class: 'button button--primary', 'data-action': 'publish', text: 'Publicér', onclick: confirm })),
    );
  const confirm = () => {
    const yes = el('button', { type: 'button', class: 'button button--primary', 'data-action': 'confirm-publish', text: 'Ja, publicér', onclick: async () => (await run('publish')) || ask() });
    box.replaceChildren(
      el('p', { class: 'confirm', role: 'alert', text: 'Er du sikker? Forslaget bliver søgbart for alle brugere med det samme.' }),
      el('div', { class: 'row' }, yes, el('button', { type: 'button', class: 'button button--secondary', text: 'Fortryd', onclick: () => (ask(), box.querySelector('button')?.focus()) })),
    );
    yes.focus();
  };
  ask();
  return box;
}

/**
 * The actions for `detail`.
 * @param {object} detail the proposal
 * @param {(action: string, body?: object) => Promise<boolean>} run performs an action (saving unsaved edits first for publish)
 */
export function renderProposalActions(detail, run) {
  const d = draft(detail.id);
  const open = detail.status === 'new' || detail.status === 'asked';
  if (detail.status === 'rejected') {
    return el('p', { class: 'state-note', text: `Forslaget er afvist${detail.rejectionReason ? `: ${detail.rejectionReason}` : '.'}` });
  }
  if (detail.status === 'published') {
    return el(
      'div',
      { class: 'actions' },
      el('p', { class: 'state-note', text: `Publiceret i biblioteket${detail.libraryPath ? ` som ${detail.libraryPath}` : ''}. Afpublicér for at fjerne det fra søgningen (filen gemmes).` }),
      textForm({
        id: 'unpublish-reason',
        label: 'Begrundelse (valgfri, kun for rådgivere)',
        button: 'Afpublicér',
        buttonClass: 'button--secondary',
        value: d.unpublishReason,
        onInput: (v) => (d.unpublishReason = v),
        submit: (text) => run('unpublish', text ? { reason: text } : {}),
      }),
    );
  }
  return el(
    'div',
    { class: 'actions' },
    publishControl(run),
    open && detail.source === 'submission'
      ? textForm({
          id: 'ask-question',
          heading: 'Spørg indsenderen',
          label: 'Spørgsmål',
          hint: 'Sendes til indsenderen i den kanal, de skrev fra. Forslaget flyttes til "Spurgt".',
          button: 'Send spørgsmål',
          buttonClass: 'button--secondary',
          value: d.question,
          onInput: (v) => (d.question = v),
          required: true,
          submit: (text) => run('ask', { question: text }),
        })
      : null,
    open
      ? textForm({
          id: 'reject-reason',
          heading: 'Afvis forslaget',
          label: 'Begrundelse',
          hint: detail.source === 'submission' ? 'Indsenderen får begrundelsen.' : null,
          button: 'Afvis',
          buttonClass: 'button--danger',
          value: d.reason,
          onInput: (v) => (d.reason = v),
          required: true,
          submit: (text) => run('reject', { reason: text }),
        })
      : null,
  );
}
