/**
 * The conversation log on the page (an aria-live="polite" role="log"): user messages, bot replies, error notes and
 * the "typing…" indicator.
 */
import { el, safeFragment } from './dom.js';
import { renderMarkdown } from './markdown.js';
import { renderReply } from './render-reply.js';

const reducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

/**
 * @param {HTMLElement} logElement the role="log" container; its first child (the welcome) is kept on reset
 * @param {HTMLElement} typingElement the typing indicator, shown while waiting
 */
export function createChatLog(logElement, typingElement) {
  const welcome = logElement.firstElementChild;

  function reveal(node, block) {
    node.scrollIntoView({ block, behavior: reducedMotion() ? 'auto' : 'smooth' });
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
      return node;
    },

    /** Shows a polite error line. */
    appendError(message) {
      const node = el('p', { class: 'message message--error', text: message });
      logElement.append(node);
      reveal(node, 'end');
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
      window.scrollTo({ top: 0 });
    },
  };
}
