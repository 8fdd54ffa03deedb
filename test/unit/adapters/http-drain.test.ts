/**
 * Draining an HTTP server on shutdown (adapters/http-drain.ts): a request in progress gets its whole answer, an open
 * event stream ends at once, no new connection is taken, and what is still running at the deadline is cut.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { trackRequests, type HttpDrain } from '../../../adapters/http-drain.js';

describe('trackRequests', () => {
  let server: http.Server;
  let drain: HttpDrain;
  let baseUrl: string;
  /** Release for the `/slow` requests waiting. */
  const release: Array<() => void> = [];
  const arrived: string[] = [];

  async function start(): Promise<void> {
    server = http.createServer((req, res) => {
      arrived.push(req.url ?? '');
      if (req.url === '/slow') {
        release.push(() => res.end('the whole answer'));
      } else if (req.url === '/events') {
        res.setHeader('content-type', 'text/event-stream'); // as express's res.set does
        res.writeHead(200);
        res.write('retry: 3000\n\n');
      } else {
        res.end('ok');
      }
    });
    drain = trackRequests(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const whenArrived = async (count: number) => {
    while (arrived.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  afterEach(async () => {
    release.length = 0;
    arrived.length = 0;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('should let a request in progress finish, end an event stream at once and refuse new connections', async () => {
    await start();
    const slow = fetch(`${baseUrl}/slow`).then((response) => response.text());
    const events = await fetch(`${baseUrl}/events`);
    const stream = events.body!.getReader();
    await stream.read();
    await whenArrived(2);
    expect(drain.inProgress).toBe(2);

    const drained = drain.drain(new Date(Date.now() + 30_000));
    // The event stream ends without waiting for the slow answer.
    let done = false;
    while (!done) done = (await stream.read()).done;
    await expect(fetch(`${baseUrl}/other`)).rejects.toThrow();
    release.shift()!();

    expect(await slow).toBe('the whole answer');
    expect(await drained).toEqual({ finished: 1, streamsEnded: 1, cut: 0 });
    expect(drain.inProgress).toBe(0);
  });

  it('should cut a request still running at the deadline and say so', async () => {
    await start();
    const slow = fetch(`${baseUrl}/slow`).then((response) => response.text());
    await whenArrived(1);

    expect(await drain.drain(new Date(Date.now() + 50))).toEqual({ finished: 0, streamsEnded: 0, cut: 1 });
    await expect(slow).rejects.toThrow();
  });

  it('should close at once when nothing is in progress', async () => {
    await start();
    expect(await (await fetch(`${baseUrl}/quick`)).text()).toBe('ok');
    expect(await drain.drain(new Date(Date.now() + 30_000))).toEqual({ finished: 0, streamsEnded: 0, cut: 0 });
  });
});
