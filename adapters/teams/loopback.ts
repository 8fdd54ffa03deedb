/**
 * What "on this machine" means for the Teams emulator mode (TEAMS_EMULATOR=true, no credentials): requests must come
 * from a loopback socket address and not through a proxy, and the bot only ever sends to a loopback serviceUrl
 * (the Emulator's). Anything else could make the unauthenticated bot a relay for request forgery.
 */
import type { IncomingMessage } from 'node:http';
import net from 'node:net';

/** True for 127.0.0.0/8, ::1 and their IPv4-mapped IPv6 forms (`::ffff:127.0.0.1`). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.toLowerCase().replace(/^::ffff:/, '');
  if (net.isIPv4(plain)) return plain.startsWith('127.');
  return net.isIPv6(plain) && (plain === '::1' || plain === '0:0:0:0:0:0:0:1');
}

/**
 * True when the request arrived on a loopback socket without proxy headers. The socket address is used, never
 * `req.ip`: with TRUST_PROXY that comes from X-Forwarded-For, which anyone can send. A proxy on the same machine
 * connects from loopback too, so a request carrying forwarding headers is someone else's and is refused as well.
 */
export function isLoopbackRequest(request: Pick<IncomingMessage, 'socket' | 'headers'>): boolean {
  if (!isLoopbackAddress(request.socket.remoteAddress)) return false;
  const { headers } = request;
  return headers['x-forwarded-for'] === undefined && headers.forwarded === undefined && headers['x-real-ip'] === undefined;
}

/** True for an http(s) URL whose host is localhost or a loopback address (the Emulator's serviceUrl). */
export function isLoopbackUrl(url: string | undefined): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || isLoopbackAddress(host);
}
