/**
 * JSON calls to the web API (and the chat's answer as server-sent events, as it is written), and the polite Danish
 * messages shown when one fails.
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
    throw transportError(error);
  }
  return readJson(response);
}

/** True where the browser can read a response as it arrives (a readable fetch body and TextDecoderStream). */
export const canStream =
  typeof ReadableStream === 'function' && typeof TextDecoderStream === 'function' && typeof Response === 'function' && 'body' in Response.prototype;

/**
 * POSTs a question and reads the answer as it is written: `Accept: text/event-stream` (JSON second, so a server that
 * does not stream still answers). Calls `onStatus(text)` for progress lines and `onText(delta)` for each piece of the
 * answer, and resolves with the final reply (the `reply` event, or the JSON body). Throws ApiError like postJson:
 * an `error` event as a server error, a stream that ends without a reply as a lost connection.
 * @param {string} path
 * @param {unknown} body
 * @param {{ onStatus?: (text: string) => void, onText?: (delta: string) => void }} handlers
 */
export async function postStream(path, body, { onStatus = () => {}, onText = () => {} } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream, application/json;q=0.9' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw transportError(error);
  }
  const type = response.headers.get('Content-Type') ?? '';
  if (!response.ok || !type.startsWith('text/event-stream') || !response.body) return readJson(response);

  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.search(/\r?\n\r?\n/)) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
        const event = parseEvent(block);
        if (!event) continue;
        if (event.name === 'status') onStatus(String(event.data?.text ?? ''));
        else if (event.name === 'text') onText(String(event.data?.delta ?? ''));
        else if (event.name === 'reply' && event.data && typeof event.data === 'object') return event.data;
        else if (event.name === 'error') throw new ApiError('server', 500, event.data?.error?.message);
      }
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw transportError(error);
  } finally {
    reader.cancel().catch(() => {});
  }
  throw new ApiError('network', 0);
}

/** One `event:`/`data:` block of a server-sent event stream, or undefined for comments, `retry:` and bad data. */
function parseEvent(block) {
  let name = 'message';
  const data = [];
  for (const line of block.split(/\r?\n/)) {
    if (line.startsWith('event:')) name = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  if (data.length === 0) return undefined;
  try {
    return { name, data: JSON.parse(data.join('\n')) };
  } catch {
    return undefined;
  }
}

function transportError(error) {
  const timedOut = error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError');
  return new ApiError(timedOut ? 'timeout' : 'network', 0);
}

/** The JSON answer of `response`, or ApiError for a failed or unreadable one. */
async function readJson(response) {
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
