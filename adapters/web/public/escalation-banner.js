/**
 * The hand-off to an adviser as the user sees it. Once a reply says an escalation is open, the page subscribes to
 * `/api/conversations/:id/events` (server-sent events) and shows, without reloading: a status bar above the
 * composer (in the queue, with "Annuller"; then who is writing), the adviser's replies, the system's hand-off lines
 * ("<navn> fra Kraftcentret har overtaget samtalen.") and, when it is over, "Assistenten er tilbage". A reload
 * resumes the stream (the tab remembers the open hand-off).
 */
import { browserStorage } from './browser-storage.js';

const KEY = 'kc-handoff';
const OPEN = new Set(['queued', 'claimed']);

/**
 * @param {{ log: ReturnType<typeof import('./chat-log.js').createChatLog>, banner: HTMLElement, status: HTMLElement,
 *   cancelButton: HTMLButtonElement, conversation: { get(): string }, input?: HTMLTextAreaElement,
 *   store?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> }} deps
 */
export function createEscalationBanner({ log, banner, status, cancelButton, conversation, input, store = browserStorage('sessionStorage') }) {
  const placeholder = input?.placeholder ?? '';
  let source = null;
  let current = null;
  const shown = new Set();

  function render() {
    const open = current !== null && OPEN.has(current.status);
    banner.hidden = !open;
    cancelButton.hidden = !open || current.status !== 'queued';
    if (input) {
      const name = current?.status === 'claimed' ? current.adviserName || 'rådgiveren' : '';
      input.placeholder = !open ? placeholder : name ? `Skriv til ${name}…` : 'Skriv en besked til rådgiveren…';
    }
    if (!open) return;
    banner.dataset.status = current.status;
    status.textContent =
      current.status === 'queued'
        ? 'Din henvendelse er i kø hos Kraftcentrets rådgivere.'
        : `Du skriver nu med ${current.adviserName || 'en rådgiver'} fra Kraftcentret.`;
  }

  /**
   * Once the request has moved on, the replies' "Venter på en rådgiver…" lines are out of date: past tense when an
   * adviser took it, gone when the user withdrew it (the cancellation says so itself).
   */
  function settleWaitingLines() {
    if (current?.status === 'queued') return;
    for (const line of document.querySelectorAll('#log .escalation--queued')) {
      if (current?.status === 'cancelled') {
        line.remove();
        continue;
      }
      line.className = 'escalation escalation--sent';
      line.dataset.escalation = 'sent';
      line.textContent = 'Sendt videre til en rådgiver';
    }
  }

  function disconnect() {
    source?.close();
    source = null;
  }

  /** Shows a streamed message once: an adviser's in their style, the system's as a note. */
  function show(message) {
    if (!message?.id || shown.has(message.id)) return;
    shown.add(message.id);
    if (message.role === 'adviser') log.appendAdviser(message);
    else log.appendNote(message.text, { id: message.id });
  }

  function onMessage(event) {
    show(JSON.parse(event.data));
  }

  function connect() {
    if (source) return;
    source = new EventSource(`/api/conversations/${encodeURIComponent(conversation.get())}/events`);
    source.addEventListener('message', onMessage);
    source.addEventListener('escalation', (event) => update(JSON.parse(event.data)));
    source.addEventListener('error', () => {
      // CLOSED: the server refused (403/404) or has no stream (204): stop showing a status that can no longer change.
      // Otherwise the browser reconnects by itself (with Last-Event-ID).
      if (source?.readyState !== EventSource.CLOSED) return;
      source = null;
      current = null;
      render();
      // Forgotten a moment later: a reload also closes the stream, and then the timer never runs.
      window.setTimeout(() => current === null && store.removeItem(KEY), 1000);
    });
  }

  /**
   * Takes a new escalation state (from a reply or the stream). Leaving an open state appends the
   * "Assistenten er tilbage" divider and ends the stream.
   * @param {{ id: string, status: string, adviserName?: string } | undefined} escalation
   */
  function update(escalation) {
    if (!escalation?.id || !escalation.status) return;
    const wasOpen = current !== null && OPEN.has(current.status);
    current = { id: escalation.id, status: escalation.status, adviserName: escalation.adviserName };
    if (OPEN.has(current.status)) {
      store.setItem(KEY, JSON.stringify(current));
      connect();
    } else {
      store.removeItem(KEY);
      disconnect();
      if (wasOpen) log.appendNote('Assistenten er tilbage', { kind: 'divider' });
    }
    settleWaitingLines();
    render();
  }

  return {
    update,
    /** Shows a message from another stream of the conversation (a shared case's), unless it is on the page already. */
    show,
    /** True when this message (a reply id) is on the page already, from the stream. */
    has: (id) => shown.has(id),
    /** Marks a reply from `/api/chat` as shown, so the stream does not show it twice. */
    markShown: (id) => void (id && shown.add(id)),
    /** After a reload: picks up the tab's open hand-off, if any. */
    resume() {
      try {
        const saved = JSON.parse(store.getItem(KEY) ?? 'null');
        if (saved?.id) update(saved);
      } catch {
        store.removeItem(KEY);
      }
    },
    /** "Ny samtale": forgets the hand-off without a divider. */
    reset() {
      disconnect();
      current = null;
      shown.clear();
      store.removeItem(KEY);
      render();
    },
  };
}
