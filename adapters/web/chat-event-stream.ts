/**
 * `POST /api/chat` with `Accept: text/event-stream`: the answer as it is written, as server-sent events.
 *
 * ```
 * event: status   data: {"stage":"searching","text":"Søger i biblioteket …"}
 * event: text     data: {"delta":"Fredericia Kommune "}            (as many as the engine writes)
 * event: reply    data: { …the BotReply, exactly the JSON path's body… }   then the response ends
 * event: error    data: {"error":{"code":"internal","message":"Der opstod en fejl. Prøv igen om lidt."}}
 * ```
 *
 * The `reply` replaces every `text` before it (bot/reply-events.ts): a citation shown while streaming may be gone
 * from it, and after a model failure it is the extractive answer with the notice. Nothing is sent before the engine's
 * first event, so a refusal that comes before it (another browser's conversation: 403) is an ordinary HTTP error,
 * as on the JSON path. A failure after that ends the stream with one `error` event carrying the message the JSON path
 * would have answered. When the client goes away the engine is told (`signal`) and the answer is still finished and
 * stored, as if it had been read; nothing more is written.
 */
import type { Request, Response } from 'express';
import type { Engine } from '../../bot/engine-port.js';
import type { IncomingMessage } from '../../bot/messages.js';
import type { ReplyEvent } from '../../bot/reply-events.js';
import { isAppError } from '../../config/app-error.js';
import { ERROR_RESPONSES } from './error-responses.js';
import { errorBody, INTERNAL_ERROR_MESSAGE, type ApiErrorBody } from './http-errors.js';
import { openEventStream } from './server-sent-events.js';
import type { Logger } from '../../config/logger.js';

/** The media type a client asks for to get the answer streamed. */
export const EVENT_STREAM_TYPE = 'text/event-stream';

/** True when the client prefers the event stream to JSON (an explicit `Accept: text/event-stream`). */
export function wantsEventStream(req: Request): boolean {
  return req.accepts(['application/json', EVENT_STREAM_TYPE]) === EVENT_STREAM_TYPE;
}

/** The JSON path's error body for a failure (the app error handler's answer): fixed texts, no internal detail. */
export function errorBodyOf(error: unknown): ApiErrorBody {
  const mapped = isAppError(error) ? ERROR_RESPONSES[error.code] : undefined;
  return mapped ? errorBody(mapped.code, mapped.message, mapped.field) : errorBody('internal', INTERNAL_ERROR_MESSAGE);
}

/** The wire form of one engine event: its SSE event name and data. */
function wireEvent(event: ReplyEvent): [string, unknown] {
  if (event.type === 'status') return ['status', { stage: event.stage, text: event.text }];
  if (event.type === 'text') return ['text', { delta: event.delta }];
  return ['reply', event.reply];
}

/**
 * Streams the engine's answer to `message` on `res`. Errors before the first event are thrown (the app's error
 * handler answers them as on the JSON path); later ones become the `error` event. Resolves once the engine is done.
 */
export async function streamChat(req: Request, res: Response, engine: Engine, message: IncomingMessage, logger: Logger): Promise<void> {
  const gone = new AbortController();
  const events = engine.streamMessage(message, { signal: gone.signal })[Symbol.asyncIterator]();
  // Throws (before anything is sent) what the engine refuses up front.
  let step = await events.next();

  const stream = openEventStream(req, res);
  let finished = false;
  stream.onClose(() => {
    if (!finished) gone.abort();
  });
  try {
    for (; !step.done; step = await events.next()) {
      const [name, data] = wireEvent(step.value);
      stream.send(name, data);
      if (step.value.type === 'reply') finished = true;
    }
    if (!finished) throw new Error('the reply stream ended without a final reply');
  } catch (error) {
    logger.error('web request failed', { method: req.method, path: req.path, cause: error });
    stream.send('error', errorBodyOf(error));
  } finally {
    finished = true;
    stream.close();
  }
}
