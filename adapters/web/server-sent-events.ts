/**
 * Server-sent events over an express response: the headers, `event:`/`id:`/`data:` framing, a heartbeat comment
 * every 15 s (keeps proxies from closing an idle stream) and clean-up when the client goes away. Used by the hand-off
 * stream (GET) and by `POST /api/chat` with `Accept: text/event-stream` (chat-event-stream.ts).
 */
import type { Request, Response } from 'express';

/** An open `text/event-stream` response. */
export interface EventStream {
  /** Sends one event; `data` is JSON-encoded (one line). Ignored once closed. */
  send(event: string, data: unknown, id?: string): void;
  /** True after the client disconnected or `close()` was called. */
  readonly closed: boolean;
  /** Ends the response and runs the close listeners (once). */
  close(): void;
  /** Runs `listener` once when the stream closes, whoever closes it. */
  onClose(listener: () => void): void;
}

/** Options for {@link openEventStream}. */
export interface EventStreamOptions {
  /** Interval of the `: heartbeat` comment. @default 15000 */
  heartbeatMs?: number;
  /** Reconnection delay suggested to the browser. @default 3000 */
  retryMs?: number;
  /** Called at every heartbeat; resolve false to end the stream (e.g. the session expired). */
  stillAllowed?: () => Promise<boolean>;
}

/** Default heartbeat interval. */
export const HEARTBEAT_MS = 15_000;

/** Starts an event stream on `res` (status 200, no caching, no proxy buffering). */
export function openEventStream(req: Request, res: Response, options: EventStreamOptions = {}): EventStream {
  const { heartbeatMs = HEARTBEAT_MS, retryMs = 3000, stillAllowed } = options;
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  req.socket.setNoDelay(true);
  res.write(`retry: ${retryMs}\n\n`);

  const listeners: Array<() => void> = [];
  let closed = false;
  const finish = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    for (const listener of listeners.splice(0)) {
      try {
        listener();
      } catch {
        // A failing clean-up must not keep the others from running.
      }
    }
  };
  const heartbeat = setInterval(() => {
    if (closed) return;
    res.write(': heartbeat\n\n');
    if (stillAllowed) {
      stillAllowed().then(
        (ok) => (ok ? undefined : stream.close()),
        () => stream.close(),
      );
    }
  }, heartbeatMs);
  heartbeat.unref();
  // The response's close, not the request's: a request whose body was read (a POST) emits 'close' at once, while
  // the response closes when the client goes away or the stream ends.
  res.on('close', finish);

  const stream: EventStream = {
    send(event, data, id) {
      if (closed) return;
      const idLine = id === undefined ? '' : `id: ${id.replace(/[\r\n]/g, '')}\n`;
      res.write(`event: ${event}\n${idLine}data: ${JSON.stringify(data)}\n\n`);
    },
    get closed() {
      return closed;
    },
    close() {
      if (!closed) res.end();
      finish();
    },
    onClose(listener) {
      if (closed) listener();
      else listeners.push(listener);
    },
  };
  return stream;
}
