/**
 * JSON calls to the web API, and the polite Danish messages shown when one fails.
 */

/** A failed API call: `kind` is network, timeout, client (4xx) or server (5xx / unreadable answer). */
export class ApiError extends Error {
  constructor(kind, status, message) {
    super(message || kind);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
  }
}

const TIMEOUT_MS = 90_000;

/**
 * POSTs `body` as JSON and returns the parsed JSON answer; throws ApiError for anything else.
 * @param {string} path
 * @param {unknown} body
 */
export async function postJson(path, body) {
  let response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new ApiError(timedOut ? 'timeout' : 'network', 0);
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    const kind = response.status >= 500 ? 'server' : 'client';
    throw new ApiError(kind, response.status, data?.error?.message);
  }
  if (data === null || typeof data !== 'object') throw new ApiError('server', response.status);
  return data;
}

/**
 * A polite Danish message for a failed call.
 * @param {unknown} error
 * @param {'chat' | 'feedback' | 'adviser'} what
 */
export function politeMessage(error, what) {
  const status = error instanceof ApiError ? error.status : 0;
  const kind = error instanceof ApiError ? error.kind : 'server';
  if (kind === 'network') return 'Beklager, vi kunne ikke få forbindelse. Tjek din internetforbindelse, og prøv igen.';
  if (kind === 'timeout') return 'Beklager, svaret tog for lang tid. Prøv igen om lidt.';
  if (status === 413) return 'Beklager, dit spørgsmål er for langt. Prøv at gøre det kortere.';
  if (status === 429) return 'Der er mange spørgsmål lige nu. Vent et øjeblik, og prøv igen.';
  // Where the API tells the user what to do (another browser's conversation, nothing to hand over yet, busy), say that.
  const told = error instanceof ApiError && error.message !== kind ? error.message : '';
  if (told && [403, 404, 409, 503].includes(status)) return told;
  if (what === 'feedback') return 'Beklager, vi kunne ikke gemme din feedback. Prøv igen om lidt.';
  if (what === 'adviser') return 'Beklager, vi kunne ikke kontakte en rådgiver lige nu. Prøv igen om lidt.';
  if (kind === 'client') return 'Beklager, dit spørgsmål kunne ikke sendes. Tjek teksten, og prøv igen.';
  return 'Beklager, der opstod en fejl hos os. Prøv igen om lidt – dit spørgsmål står stadig i feltet.';
}
