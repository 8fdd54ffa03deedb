/**
 * The conversation log on the page (a role="log"): user messages, bot replies, error notes, the "typing…"
 * indicator (which shows the engine's status line while the library is searched) and the answer being written (a
 * draft with the text as it arrives, replaced by the final reply). The log itself is not live; what a screen reader should hear is said once, when it is final: the
 * assistant's answer, an adviser's reply, a hand-off line, an error. The user's own message, the typing indicator,
 * its status line and the streamed text are not announced.
 */
import { el, safeFragment } from './dom.js';
import { linkifyAddresses } from './linkify.js';
import { renderMarkdown } from './markdown.js';
import { renderReply } from './render-reply.js';

/** How an adviser is named beside their message, in the page's language. */
const ADVISER_WORDS = {
  da: { name: 'Rådgiver', role: ' · Rådgiver fra Kraftcentret' },
  en: { name: 'Adviser', role: ' · Adviser at Kraftcentret' },
};

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
  /** The typing indicator's own words (in the page's language), put back after a status line. */
  let typingLabel;

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

    /**
     * Starts the answer being written: a bot message (aria-busy) with the text so far, rendered with the same
     * escaping Markdown renderer as the final answer (citations stay plain text until they are checked).
     * `finish(reply)` puts the final reply in its place and announces it once; `remove()` drops it.
     */
    startDraft() {
      const answer = el('div', { class: 'answer' });
      const node = el(
        'article',
        { class: 'message message--bot message--draft', 'aria-busy': 'true' },
        el('p', { class: 'message__author', text: 'Kraftcenterets assistent' }),
        answer,
      );
      let text = '';
      let frame = 0;
      const render = () => {
        frame = 0;
        answer.replaceChildren(safeFragment(renderMarkdown(text)));
      };
      logElement.append(node);
      reveal(node, 'start');
      return {
        node,
        /** Appends a piece of the answer; the text is drawn at most once a frame. */
        append(delta) {
          text += delta;
          if (!frame) frame = requestAnimationFrame(render);
        },
        /** Replaces the draft with the final reply (sources, cases, actions) and announces it once. */
        finish(reply, handlers) {
          if (frame) cancelAnimationFrame(frame);
          const final = renderReply(reply, handlers);
          node.replaceWith(final);
          announce(spokenReply(final));
          return final;
        },
        remove() {
          if (frame) cancelAnimationFrame(frame);
          node.remove();
        },
      };
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
     * Shows an adviser's message (a hand-off reply, or a question or notice about a shared case) in its own style,
     * with the adviser's name; bare web addresses in it become links.
     * @param {{ id: string, text: string, authorName?: string }} message
     */
    appendAdviser(message) {
      const answer = el('div', { class: 'answer' });
      answer.append(safeFragment(renderMarkdown(message.text ?? '')));
      linkifyAddresses(answer);
      const words = document.documentElement.lang === 'en' ? ADVISER_WORDS.en : ADVISER_WORDS.da;
      const node = el(
        'article',
        { class: 'message message--adviser', 'data-message-id': message.id },
        el('p', { class: 'message__author' }, message.authorName || words.name, el('span', { class: 'message__role', text: words.role })),
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

    /**
     * Shows or hides the typing indicator; `status` replaces its words while the answer is on its way ("Søger i
     * biblioteket …"). Not announced: the answer is, once it is final.
     */
    setTyping(on, status) {
      const label = typingElement.lastChild;
      if (label) {
        typingLabel ??= label.textContent;
        label.textContent = on && status ? ` ${status} ` : typingLabel;
      }
      const wasHidden = typingElement.hidden;
      typingElement.hidden = !on;
      if (on && wasHidden) reveal(typingElement, 'end');
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
