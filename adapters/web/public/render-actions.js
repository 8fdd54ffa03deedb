/**
 * The suggested actions under a reply: 👍/👎 feedback, "Tal med en rådgiver", "Del jeres erfaring" (opens the
 * case form, submission-form.js) and follow-up questions. Clicks are
 * handed to the caller's handlers; this module only builds the buttons.
 */
import { el } from './dom.js';

// Thumb outlines from Feather icons (MIT licence), drawn as SVG so they look the same without an emoji font.
const THUMBS = {
  up: 'M14 9V5a3 3 0 0 0-3-3l-4 9v11h11.28a2 2 0 0 0 2-1.7l1.38-9a2 2 0 0 0-2-2.3zM7 22H4a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2h3',
  down: 'M10 15v4a3 3 0 0 0 3 3l4-9V2H5.72a2 2 0 0 0-2 1.7l-1.38 9a2 2 0 0 0 2 2.3zm7-13h2.67A2.31 2.31 0 0 1 22 4v7a2.31 2.31 0 0 1-2.33 2H17',
};

function thumbIcon(value) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  for (const [key, val] of Object.entries({
    viewBox: '0 0 24 24', width: '18', height: '18', fill: 'none', stroke: 'currentColor',
    'stroke-width': '2', 'stroke-linecap': 'round', 'stroke-linejoin': 'round', 'aria-hidden': 'true', focusable: 'false',
  })) svg.setAttribute(key, val);
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', THUMBS[value]);
  svg.append(path);
  return svg;
}

/**
 * @typedef {object} ActionHandlers
 * @property {(reply: object, value: 'up' | 'down', ui: { buttons: HTMLButtonElement[], pressed: HTMLButtonElement, status: HTMLElement, group: HTMLElement }) => void} onFeedback
 * @property {(reply: object, button: HTMLButtonElement) => void} onEscalate
 * @property {(text: string) => void} onFollowUp
 * @property {(button: HTMLButtonElement) => void} onShareCase
 */

/** An "escalate" button ("Tal med en rådgiver"). */
export function escalateButton(reply, label, handlers) {
  const text = label || 'Tal med en rådgiver';
  return el('button', {
    type: 'button',
    class: 'button button--secondary',
    'data-action': 'escalate',
    'aria-label': text,
    text,
    onclick: (event) => handlers.onEscalate(reply, event.currentTarget),
  });
}

/** A "share_case" button ("Del jeres erfaring"): opens the case form. */
function shareCaseButton(label, handlers) {
  const text = label || 'Del jeres erfaring';
  return el('button', {
    type: 'button',
    class: 'button button--secondary',
    'data-action': 'share_case',
    'aria-haspopup': 'dialog',
    text,
    onclick: (event) => handlers.onShareCase(event.currentTarget),
  });
}

function feedbackGroup(reply, actions, handlers) {
  const status = el('p', { class: 'feedback__status' });
  const buttons = actions.map((action) => {
    const label = action.label || (action.value === 'up' ? 'Godt svar' : 'Dårligt svar');
    return el('button', { type: 'button', class: 'icon-button', 'data-feedback': action.value, 'aria-label': label, title: label, 'aria-pressed': 'false' }, thumbIcon(action.value));
  });
  const group = el(
    'div',
    { class: 'feedback', role: 'group', 'aria-label': 'Var svaret nyttigt?' },
    el('span', { class: 'feedback__label', 'aria-hidden': 'true', text: 'Var svaret nyttigt?' }),
    buttons,
    status,
  );
  buttons.forEach((button, i) =>
    button.addEventListener('click', () => handlers.onFeedback(reply, actions[i].value, { buttons, pressed: button, status, group })),
  );
  return group;
}

/**
 * Builds the action bar of a reply, or null when it has no actions.
 * @param {object} reply a BotReply
 * @param {ActionHandlers} handlers
 */
export function renderActions(reply, handlers) {
  const actions = Array.isArray(reply.actions) ? reply.actions : [];
  const feedback = actions.filter((a) => a.type === 'feedback' && (a.value === 'up' || a.value === 'down'));
  const escalate = actions.find((a) => a.type === 'escalate');
  const followUps = actions.filter((a) => a.type === 'follow_up' && typeof a.text === 'string' && a.text.trim());
  const shareCase = actions.find((a) => a.type === 'share_case');
  if (feedback.length === 0 && !escalate && !shareCase && followUps.length === 0) return null;
  return el(
    'div',
    { class: 'actions' },
    followUps.length > 0
      ? el(
          'div',
          { class: 'follow-ups', role: 'group', 'aria-label': 'Forslag til næste spørgsmål' },
          followUps.map((action) =>
            el('button', {
              type: 'button',
              class: 'chip',
              'data-action': 'follow_up',
              'aria-label': action.label || action.text,
              title: action.text,
              text: action.label || action.text,
              onclick: () => handlers.onFollowUp(action.text),
            }),
          ),
        )
      : null,
    el(
      'div',
      { class: 'actions__bar' },
      feedback.length > 0 ? feedbackGroup(reply, feedback, handlers) : null,
      escalate ? escalateButton(reply, escalate.label, handlers) : null,
      shareCase ? shareCaseButton(shareCase.label, handlers) : null,
    ),
  );
}
