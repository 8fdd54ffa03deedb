/**
 * The conversation log on the page (a role="log"): user messages, bot replies, error notes and the "typing…"
 * indicator. The log itself is not live; what a screen reader should hear is said once, when it is final: the
 * assistant's answer, an adviser's reply, a hand-off line, an error. The user's own message and the typing
 * indicator are not announced.
 */
import { el, safeFragment } from './dom.js';
import { renderMarkdown } from './markdown.js';
import { renderReply } from './render-reply.js';

const reducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

/** The words a screen reader hears for a bot reply: notices, the answer, then how many cases and sources follow. */
function spokenReply(node) {
  const text = (selector) => [...node.querySelectorAll(selector)].map((part) => part.textContent.trim()).filter(Boolean);
  const cases = node.querySelectorAll('.case-card').length;
  const sources = node.querySelectorAll('.source').length;
  const counts = [cases && `${cases} ${cases === 1 ? 'case' : 'cases'}`, sources && `${sources} ${sources === 1 ? 'kilde' : 'kilder'}`].filter(Boolean);
  return [
    'Kraftcenterets assistent:',
    ...text('.notice'),
    ...text('.answer'),
    counts.length ? `Under svaret: ${counts.join(' og ')}.` : '',
    ...text('.escalation'),
  ].filter(Boolean).join(' ');
}

/**
 * @param {HTMLElement} logElement the role="log" container; its first child (the welcome) is kept on reset
 * @param {HTMLElement} typingElement the typing indicator, shown while waiting
 * @param {HTMLElement} [announcer] a polite status region that screen readers read out
 */
export function createChatLog(logElement, typingElement, announcer) {
  const welcome = logElement.firstElementChild;

  function reveal(node, block) {
    node.scrollIntoView({ block, behavior: reducedMotion() ? 'auto' : 'smooth' });
  }

  /**
   * Says `text` once. Where the browser has `document.ariaNotify` (Chromium 136+), that speaks it without a copy
   * of the text in the page. Elsewhere it becomes a new paragraph in the hidden status region (additions are read,
   * so lines arriving together are all read); those copies are dropped when the user writes again.
   */
  function announce(text) {
    if (!text) return;
    if (typeof document.ariaNotify === 'function') {
      document.ariaNotify(text);
      return;
    }
    announcer?.append(el('p', { text }));
  }

  return {
    /** Shows the user's message and returns its element. */
    appendUser(text) {
      const node = el(
        'article',
        { class: 'message message--user' },
        el('p', { class: 'message__author', text: 'Dig' }),
        el('p', { class: 'message__text', text }),
      );
      logElement.append(node);
      reveal(node, 'end');
      announcer?.replaceChildren();
      return node;
    },

    /** Marks a user message as not sent (its text went back into the textbox). */
    markUnsent(node) {
      node.classList.add('message--unsent');
      node.append(el('p', { class: 'message__unsent', text: 'Ikke sendt' }));
    },

    /** Shows a bot reply (BotReply JSON) with its sources, cases and actions. */
    appendBot(reply, handlers) {
      const node = renderReply(reply, handlers);
      logElement.append(node);
      reveal(node, 'start');
      announce(spokenReply(node));
      return node;
    },

    /**
     * Shows an adviser's reply (from the hand-off stream) in its own style, with the adviser's name.
     * @param {{ id: string, text: string, authorName?: string }} message
     */
    appendAdviser(message) {
      const answer = el('div', { class: 'answer' });
      answer.append(safeFragment(renderMarkdown(message.text ?? '')));
      const node = el(
        'article',
        { class: 'message message--adviser', 'data-message-id': message.id },
        el('p', { class: 'message__author' }, message.authorName || 'Rådgiver', el('span', { class: 'message__role', text: ' · Rådgiver fra Kraftcentret' })),
        answer,
      );
      logElement.append(node);
      reveal(node, 'end');
      announce(`${node.querySelector('.message__author').textContent}: ${answer.textContent}`);
      return node;
    },

    /**
     * Shows a hand-off line: a system message (`note`) or the "Assistenten er tilbage" divider (`divider`).
     * @param {string} text
     * @param {{ id?: string, kind?: 'note' | 'divider' }} [options]
     */
    appendNote(text, { id, kind = 'note' } = {}) {
      const node = el('p', { class: `handoff-${kind}`, 'data-message-id': id }, el('span', { text }));
      logElement.append(node);
      reveal(node, 'end');
      announce(text);
      return node;
    },

    /** Shows a polite error line. */
    appendError(message) {
      const node = el('p', { class: 'message message--error', text: message });
      logElement.append(node);
      reveal(node, 'end');
      announce(message);
      return node;
    },

    /** Shows or hides the typing indicator. */
    setTyping(on) {
      typingElement.hidden = !on;
      if (on) reveal(typingElement, 'end');
    },

    /** Empties the log back to the welcome message. */
    reset() {
      for (const child of [...logElement.children]) if (child !== welcome) child.remove();
      typingElement.hidden = true;
      announcer?.replaceChildren();
      window.scrollTo({ top: 0 });
    },
  };
}
