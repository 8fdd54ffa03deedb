/**
 * The browser's session or local storage, or a map in memory when the page may not use it (private modes, blocked
 * third-party storage in the widget's frame): the page keeps working, it only forgets on reload.
 */

/**
 * @param {'sessionStorage' | 'localStorage'} kind
 * @returns {Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>}
 */
export function browserStorage(kind) {
  try {
    const storage = window[kind];
    const probe = '__kc_probe__';
    storage.setItem(probe, probe);
    storage.removeItem(probe);
    return storage;
  } catch {
    const values = new Map();
    return { getItem: (k) => values.get(k) ?? null, setItem: (k, v) => void values.set(k, v), removeItem: (k) => void values.delete(k) };
  }
}
