/**
 * Lets an HTTP server's answers in progress finish when it shuts down, instead of cutting them off
 * (`closeAllConnections`): it stops accepting connections, closes idle keep-alive ones, ends open event streams
 * (the browser's EventSource reconnects, to another instance behind a load balancer), waits for the other requests
 * until a deadline, and only then cuts whatever is left.
 *
 * An event stream is a GET answered `text/event-stream` (the hand-off and the console's live streams; the header set
 * with `setHeader`, as express's `res.set` does): it never ends by itself, so waiting for it would only spend the
 * deadline.
 */
import type http from 'node:http';

export interface DrainResult {
  /** Requests still running when the drain began that finished in time. */
  finished: number;
  /** Event streams ended at once. */
  streamsEnded: number;
  /** Requests still running at the deadline, whose connections were cut. */
  cut: number;
}

export interface HttpDrain {
  /** Requests in progress, event streams included. */
  readonly inProgress: number;
  /** Stops accepting, waits for the requests in progress until `deadline`, then closes every connection. */
  drain(deadline: Date): Promise<DrainResult>;
}

/**
 * Starts counting `server`'s requests; call before it takes any.
 *
 * @example
 * const drain = trackRequests(server);
 * // on SIGTERM:
 * const { finished, cut } = await drain.drain(new Date(Date.now() + 10_000));
 */
export function trackRequests(server: http.Server): HttpDrain {
  const open = new Set<Exchange>();
  let draining = false;
  let changed: (() => void) | undefined;

  // Before the app's own listener, so that a request arriving during the drain is told its connection closes.
  server.prependListener('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const exchange = { req, res };
    open.add(exchange);
    if (draining) res.setHeader('Connection', 'close');
    res.once('close', () => {
      open.delete(exchange);
      if (draining) server.closeIdleConnections();
      changed?.();
    });
  });

  return {
    get inProgress() {
      return open.size;
    },
    async drain(deadline) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      let streamsEnded = 0;
      const waiting = new Set<Exchange>();
      for (const exchange of open) {
        if (isEventStream(exchange)) {
          exchange.res.end();
          streamsEnded += 1;
        } else {
          waiting.add(exchange);
          if (!exchange.res.headersSent) exchange.res.setHeader('Connection', 'close');
        }
      }
      const stillOpen = () => [...waiting].filter((exchange) => open.has(exchange)).length;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.max(0, deadline.getTime() - Date.now()));
        function done() {
          clearTimeout(timer);
          changed = undefined;
          resolve();
        }
        changed = () => {
          if (stillOpen() === 0) done();
        };
        changed();
      });
      const cut = stillOpen();
      server.closeAllConnections();
      await closed;
      return { finished: waiting.size - cut, streamsEnded, cut };
    },
  };
}

interface Exchange {
  req: http.IncomingMessage;
  res: http.ServerResponse;
}

function isEventStream({ req, res }: Exchange): boolean {
  return req.method === 'GET' && /^text\/event-stream/i.test(String(res.getHeader('content-type') ?? ''));
}
