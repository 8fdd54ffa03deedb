/**
 * "Del jeres erfaring" answers come back in the chat: after a case is sent, the page follows its conversation's
 * events (`/api/conversations/:id/events?cases=1`), so the adviser's question, a rejection's reason and the
 * "published" notice appear in the log as adviser messages (announced like an adviser's reply in a hand-off).
 *
 * Why localStorage, and for how long: the chat has no history on reload, and a visitor may come back days later in
 * a new tab (sessionStorage, and so the tab's conversation id, is gone then). So the browser keeps, per conversation
 * with a case still waiting, the case's reference, when it was sent (the server's clock, from the answer's Date
 * header) and the last message shown. On every page load it reopens the stream from there: what came while the page
 * was closed is shown once, nothing older. The server says which cases still wait (`event: cases`); once none does
 * (published or rejected: the final notice has been shown), the page forgets it and closes the stream, so no visitor
 * keeps a stream open for ever. A stream the server refuses (conversation gone, another browser's cookie) is
 * forgotten too; one that failed on the server's side (5xx) is tried again on the next page load.
 */
import { browserStorage } from './browser-storage.js';

const KEY = 'kc-shared-cases';

/** The server's time of a response (its Date header, to the second), or the browser's a minute ago. */
export function serverTime(response) {
  const date = Date.parse(response?.headers?.get?.('Date') ?? '');
  return new Date(Number.isNaN(date) ? Date.now() - 60_000 : date).toISOString();
}

/**
 * @param {{ seen: { show(message: { id: string, role: string, text: string }): void },
 *   store?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> }} deps
 *   `seen` is the hand-off banner: it shows each message once, and both streams may carry the same adviser line.
 */
export function createCaseFollow({ seen, store = browserStorage('localStorage') }) {
  /** conversation id → its open EventSource */
  const sources = new Map();

  /** @returns {Record<string, { references: string[], since: string, after?: string }>} */
  function load() {
    try {
      const saved = JSON.parse(store.getItem(KEY) ?? '{}');
      return saved && typeof saved === 'object' && !Array.isArray(saved) ? saved : {};
    } catch {
      return {};
    }
  }

  function save(all) {
    if (Object.keys(all).length === 0) store.removeItem(KEY);
    else store.setItem(KEY, JSON.stringify(all));
  }

  function change(conversationId, edit) {
    const all = load();
    const entry = all[conversationId];
    if (!entry) return;
    const next = edit(entry);
    if (next) all[conversationId] = next;
    else delete all[conversationId];
    save(all);
  }

  function stop(conversationId) {
    sources.get(conversationId)?.close();
    sources.delete(conversationId);
  }

  function forget(conversationId) {
    stop(conversationId);
    change(conversationId, () => undefined);
  }

  /** Why the stream closed: refused for good (forget it), or a server error (try on the next page load). */
  async function closed(conversationId, url) {
    stop(conversationId);
    const abort = new AbortController();
    try {
      const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/event-stream' }, signal: abort.signal });
      abort.abort();
      // No stream (204), a bad cursor (400), another browser (403), the conversation is gone (404): it will not come back.
      if ([204, 400, 403, 404, 410].includes(response.status)) forget(conversationId);
    } catch {
      // Offline: keep it for the next page load.
    }
  }

  function follow(conversationId) {
    const entry = load()[conversationId];
    if (!entry || sources.has(conversationId)) return;
    const query = new URLSearchParams({ cases: '1' });
    if (typeof entry.since === 'string') query.set('since', entry.since);
    if (typeof entry.after === 'string') query.set('after', entry.after);
    const url = `/api/conversations/${encodeURIComponent(conversationId)}/events?${query}`;
    const source = new EventSource(url);
    sources.set(conversationId, source);
    source.addEventListener('message', (event) => {
      const message = JSON.parse(event.data);
      seen.show(message);
      if (message?.id) change(conversationId, (saved) => ({ ...saved, after: message.id }));
    });
    source.addEventListener('cases', (event) => {
      const waiting = JSON.parse(event.data)?.waiting;
      if (!Array.isArray(waiting)) return;
      if (waiting.length === 0) forget(conversationId);
      else change(conversationId, (saved) => ({ ...saved, references: waiting }));
    });
    source.addEventListener('error', () => {
      // CLOSED: the server answered with something other than a stream. Otherwise the browser reconnects by itself
      // (with Last-Event-ID).
      if (source.readyState === EventSource.CLOSED && sources.get(conversationId) === source) void closed(conversationId, url);
    });
  }

  return {
    /**
     * A case was sent from `conversationId` at `since` (the server's time): follow that conversation from then on.
     * @param {{ conversationId: string, reference: string, since: string }} sent
     */
    remember({ conversationId, reference, since }) {
      const all = load();
      const entry = all[conversationId];
      all[conversationId] = entry
        ? { ...entry, references: [...new Set([...(entry.references ?? []), reference])] }
        : { references: [reference], since };
      save(all);
      follow(conversationId);
    },
    /** On page load: follows every conversation with a case still waiting. */
    resume() {
      for (const conversationId of Object.keys(load())) follow(conversationId);
    },
  };
}
