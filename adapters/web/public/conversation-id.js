/**
 * The conversation id: made in the browser with crypto.randomUUID() and kept in sessionStorage for the tab's life.
 * "Ny samtale" replaces it.
 */
import { browserStorage } from './browser-storage.js';

const KEY = 'kc-conversation-id';

function newId() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Plain-http pages on other hosts than localhost have no randomUUID: build a v4 UUID by hand.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The tab's conversation: `get()` returns (and creates when needed) the id, `reset()` starts a new one. */
export function createConversation(store = browserStorage('sessionStorage')) {
  return {
    get() {
      const stored = store.getItem(KEY);
      if (stored && stored.length <= 200) return stored;
      return this.reset();
    },
    reset() {
      const id = newId();
      store.setItem(KEY, id);
      return id;
    },
  };
}
