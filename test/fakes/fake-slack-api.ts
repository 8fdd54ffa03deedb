/**
 * A fake Slack Web API on 127.0.0.1 for offline tests of a real Bolt app (`clientOptions.slackApiUrl = fake.url`).
 * It accepts `POST /api/<method>` form-encoded (as @slack/web-api sends, non-scalars JSON-stringified) or JSON,
 * records every call, and answers `ok: true` with realistic fields (`ts` for posts, ids for auth.test). Failures are
 * scripted per method: a 429 with Retry-After, a 500, or an `ok: false` platform error, for the next call
 * (`failNext`) or every call (`refuse`, e.g. `refuse('chat.startStream', 'method_not_supported')` for a workspace
 * that does not stream). POSTs to `/respond/<id>` (interactivity `response_url`s) are recorded in `responses`.
 *
 * Text streaming: `chat.startStream` opens a stream message (a new `ts`), `chat.appendStream` and `chat.stopStream`
 * need an open one (`message_not_in_streaming_state` after the stop, `message_not_found` for an unknown ts), and
 * `chat.update` edits any posted or streamed message.
 *
 * Socket Mode: `apps.connections.open` returns a `ws://` URL on the same server, where a minimal WebSocket server
 * (RFC 6455 text, ping and close frames; no extensions) says `hello`, sends envelopes and records the app's acks.
 *
 * @example
 * const fake = await startFakeSlackApi();
 * fake.failNext('chat.postMessage', { status: 429, retryAfter: 0 });
 * const [post] = await fake.waitFor('chat.postMessage');
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One recorded request. `args` are decoded (JSON fields parsed); `token` from the Authorization header. */
export interface RecordedCall {
  method: string;
  args: Record<string, any>;
  token?: string;
  at: number;
  /** What the fake answered (successful calls). */
  response?: Record<string, unknown>;
}

/** A scripted failure for the next call of a method. */
export type FakeFailure = { status: 429; retryAfter?: number } | { status: 500 } | { error: string };

/** The running fake: its URLs, what it recorded, and its scripting hooks. */
export interface FakeSlackApi {
  /** The Web API base URL for `slackApiUrl`, ending in `/api/`. */
  url: string;
  /** Base URL of the server (for `response_url`s: `${origin}/respond/1`). */
  origin: string;
  readonly calls: RecordedCall[];
  readonly responses: RecordedCall[];
  /** Successful and failed calls of one method, in order. */
  callsTo(method: string): RecordedCall[];
  /** Resolves once `count` calls of `method` were recorded (rejects after `timeoutMs`). */
  waitFor(method: string, count?: number, timeoutMs?: number): Promise<RecordedCall[]>;
  /** Queues a failure for the next call of `method`. */
  failNext(method: string, failure: FakeFailure): void;
  /** Answers every call of `method` with `ok: false, error` from now on (undefined: accept it again). */
  refuse(method: string, error: string | undefined): void;
  /**
   * Fields merged over the default `users.info` user of `userId` (a member of the bot's workspace, FAKE_BOT.teamId,
   * with an e-mail at kraftcenter.example.dk): e.g. `{ is_restricted: true }` for a guest, `{ team_id: 'T9' }` for an
   * external Slack Connect user.
   */
  setUser(userId: string, fields: Record<string, unknown>): void;
  /** Replaces the default answer of `method` (merged over `{ ok: true }`). */
  onCall(method: string, handler: ((call: RecordedCall) => Record<string, unknown>) | undefined): void;
  /** Forgets recorded calls (scripts stay). */
  reset(): void;
  /** The Socket Mode side: connections opened through `apps.connections.open`. */
  socket: FakeSocketMode;
  close(): Promise<void>;
}

/** What the fake's Socket Mode server offers a test. */
export interface FakeSocketMode {
  /** Connections made so far (each got `hello`). */
  readonly connections: number;
  /** Resolves once `count` connections were made. */
  waitForConnection(count?: number, timeoutMs?: number): Promise<void>;
  /**
   * Sends an envelope on the newest connection (`events_api` with an `event_callback` body, `interactive`,
   * `slash_commands`) and resolves with the app's acknowledgement (`{ envelope_id, payload? }`).
   */
  send(type: string, payload: Record<string, unknown>, options?: { retryAttempt?: number; retryReason?: string; timeoutMs?: number }): Promise<Record<string, unknown>>;
}

/** The bot identity auth.test reports. */
export const FAKE_BOT = { userId: 'UBOT', botId: 'BBOT', teamId: 'T1' } as const;

/** Starts the fake on a free port. */
export async function startFakeSlackApi(): Promise<FakeSlackApi> {
  const calls: RecordedCall[] = [];
  const responses: RecordedCall[] = [];
  const failures = new Map<string, FakeFailure[]>();
  const handlers = new Map<string, (call: RecordedCall) => Record<string, unknown>>();
  const users = new Map<string, Record<string, unknown>>();
  const refusals = new Map<string, string>();
  /** Stream messages by ts: open until chat.stopStream. */
  const streams = new Map<string, 'streaming' | 'stopped'>();
  const waiters = new Set<() => void>();
  let counter = 0;
  const nextTs = () => `1700009${String(++counter).padStart(3, '0')}.000100`;

  const defaults = (call: RecordedCall): Record<string, unknown> => {
    const { method, args } = call;
    if (method === 'auth.test') return { user_id: FAKE_BOT.userId, bot_id: FAKE_BOT.botId, team_id: FAKE_BOT.teamId, user: 'kraftcenter' };
    if (method === 'chat.postMessage') {
      const ts = nextTs();
      return { channel: args.channel, ts, message: { text: args.text, ts, thread_ts: args.thread_ts, bot_id: FAKE_BOT.botId } };
    }
    if (method === 'chat.postEphemeral') return { message_ts: nextTs() };
    if (method === 'chat.update') return { channel: args.channel, ts: args.ts };
    if (method === 'chat.startStream') {
      const ts = nextTs();
      streams.set(ts, 'streaming');
      return { channel: args.channel, ts };
    }
    if (method === 'chat.appendStream') return { channel: args.channel, ts: args.ts };
    if (method === 'chat.stopStream') {
      streams.set(String(args.ts), 'stopped');
      return { channel: args.channel, ts: args.ts, message: { ts: args.ts, bot_id: FAKE_BOT.botId } };
    }
    if (method === 'chat.delete') return { channel: args.channel, ts: args.ts };
    if (method === 'users.info') {
      const id = String(args.user);
      const user = {
        id, team_id: FAKE_BOT.teamId, name: id.toLowerCase(), real_name: `Bruger ${id}`, is_restricted: false, is_ultra_restricted: false,
        profile: { display_name: `Bruger ${id}`, real_name: `Bruger ${id}`, email: `${id.toLowerCase()}@kraftcenter.example.dk` },
      };
      return { user: { ...user, ...users.get(id) } };
    }
    if (method === 'conversations.replies') return { messages: [] };
    if (method === 'apps.connections.open') return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/socket/${calls.length}` };
    return {};
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const call: RecordedCall = { method: '', args: decode(raw, String(req.headers['content-type'] ?? '')), at: Date.now() };
      const auth = req.headers.authorization;
      if (auth?.startsWith('Bearer ')) call.token = auth.slice(7);
      if (path.startsWith('/respond/')) {
        responses.push({ ...call, method: path });
        return send(res, 200, 'ok', 'text/plain');
      }
      if (!path.startsWith('/api/')) return send(res, 404, JSON.stringify({ ok: false, error: 'unknown_path' }));
      call.method = path.slice('/api/'.length);
      calls.push(call);
      queueMicrotask(() => { for (const wake of waiters) wake(); });
      const refusal = refusals.get(call.method) ?? streamStateError(call);
      const failure: FakeFailure | undefined = failures.get(call.method)?.shift() ?? (refusal ? { error: refusal } : undefined);
      if (failure && 'status' in failure && failure.status === 429) {
        res.setHeader('Retry-After', String(failure.retryAfter ?? 0));
        return send(res, 429, JSON.stringify({ ok: false, error: 'ratelimited' }));
      }
      if (failure && 'status' in failure) return send(res, failure.status, 'upstream error', 'text/plain');
      if (failure && 'error' in failure) return send(res, 200, JSON.stringify({ ok: false, error: failure.error }));
      call.response = { ok: true, ...defaults(call), ...(handlers.get(call.method)?.(call) ?? {}) };
      send(res, 200, JSON.stringify(call.response));
    });
  });
  /** What Slack says to an append or stop on a message that is not an open stream. */
  function streamStateError(call: RecordedCall): string | undefined {
    if (call.method !== 'chat.appendStream' && call.method !== 'chat.stopStream') return undefined;
    const state = streams.get(String(call.args.ts));
    if (!state) return 'message_not_found';
    return state === 'stopped' ? 'message_not_in_streaming_state' : undefined;
  }
  const socketMode = attachSocketMode(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/api/`,
    origin,
    calls,
    responses,
    callsTo: (method) => calls.filter((call) => call.method === method),
    waitFor(method, count = 1, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = calls.filter((call) => call.method === method);
          if (found.length < count) return false;
          waiters.delete(wake);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const wake = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`fake Slack: ${calls.filter((c) => c.method === method).length}/${count} ${method} calls after ${timeoutMs} ms (saw: ${calls.map((c) => c.method).join(', ')})`));
        }, timeoutMs);
        if (!check()) waiters.add(wake);
      });
    },
    failNext: (method, failure) => void failures.set(method, [...(failures.get(method) ?? []), failure]),
    refuse: (method, error) => void (error ? refusals.set(method, error) : refusals.delete(method)),
    setUser: (userId, fields) => void users.set(userId, { ...users.get(userId), ...fields }),
    onCall: (method, handler) => void (handler ? handlers.set(method, handler) : handlers.delete(method)),
    reset: () => void (calls.length = 0, responses.length = 0),
    socket: socketMode,
    close: () => new Promise<void>((resolve) => { socketMode.closeAll(); server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function decode(raw: string, contentType: string): Record<string, any> {
  if (!raw) return {};
  if (contentType.includes('json')) return JSON.parse(raw) as Record<string, any>;
  const args: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return args;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function send(res: http.ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}

/** The WebSocket side of the fake: upgrade on `/socket/…`, `hello`, envelopes out, acks in, pings answered. */
function attachSocketMode(server: http.Server): FakeSocketMode & { closeAll(): void } {
  const sockets: Socket[] = [];
  const acks = new Map<string, (ack: Record<string, unknown>) => void>();
  const connectionWaiters = new Set<() => void>();
  let connections = 0;
  let envelopes = 0;

  server.on('upgrade', (req: http.IncomingMessage, socket: Socket) => {
    const key = req.headers['sec-websocket-key'];
    if (!req.url?.startsWith('/socket/') || typeof key !== 'string') return void socket.destroy();
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    sockets.push(socket);
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (let frame = readFrame(buffered); frame; frame = readFrame(buffered)) {
        buffered = buffered.subarray(frame.size);
        if (frame.opcode === 0x1) {
          const ack = JSON.parse(frame.payload.toString('utf8')) as Record<string, unknown>;
          acks.get(String(ack.envelope_id))?.(ack);
        } else if (frame.opcode === 0x9) socket.write(encodeFrame(0xa, frame.payload));
        else if (frame.opcode === 0x8) {
          socket.end(encodeFrame(0x8, frame.payload.subarray(0, 2)));
        }
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => void sockets.splice(sockets.indexOf(socket), 1));
    socket.write(encodeFrame(0x1, Buffer.from(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' } }))));
    connections++;
    for (const wake of connectionWaiters) wake();
  });

  return {
    get connections() {
      return connections;
    },
    waitForConnection(count = 1, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const wake = () => {
          if (connections < count) return;
          connectionWaiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          connectionWaiters.delete(wake);
          reject(new Error(`fake Slack: ${connections}/${count} Socket Mode connections after ${timeoutMs} ms`));
        }, timeoutMs);
        connectionWaiters.add(wake);
        wake();
      });
    },
    send(type, payload, options = {}) {
      const socket = sockets.at(-1);
      if (!socket) return Promise.reject(new Error('fake Slack: no Socket Mode connection'));
      const envelopeId = `env-${++envelopes}`;
      const envelope = {
        envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api',
        ...(type === 'events_api' ? { retry_attempt: options.retryAttempt ?? 0, retry_reason: options.retryReason ?? '' } : {}),
      };
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          acks.delete(envelopeId);
          reject(new Error(`fake Slack: no ack for ${envelopeId} within ${options.timeoutMs ?? 3000} ms`));
        }, options.timeoutMs ?? 3000);
        acks.set(envelopeId, (ack) => {
          clearTimeout(timer);
          acks.delete(envelopeId);
          resolve(ack);
        });
        socket.write(encodeFrame(0x1, Buffer.from(JSON.stringify(envelope))));
      });
    },
    closeAll() {
      for (const socket of sockets.splice(0)) socket.destroy();
    },
  };
}

/** One complete frame at the start of `buffer` (client frames are masked), or undefined when more bytes are needed. */
function readFrame(buffer: Buffer): { opcode: number; payload: Buffer; size: number } | undefined {
  if (buffer.length < 2) return undefined;
  const opcode = buffer[0]! & 0x0f;
  const masked = (buffer[1]! & 0x80) !== 0;
  let length = buffer[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return undefined;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return undefined;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  const maskOffset = offset;
  if (masked) offset += 4;
  if (buffer.length < offset + length) return undefined;
  const payload = Buffer.from(buffer.subarray(offset, offset + length));
  if (masked) for (let i = 0; i < payload.length; i++) payload[i]! ^= buffer[maskOffset + (i % 4)]!;
  return { opcode, payload, size: offset + length };
}

/** A final, unmasked server frame. */
function encodeFrame(opcode: number, payload: Buffer): Buffer {
  const header = payload.length < 126 ? Buffer.from([0x80 | opcode, payload.length])
    : payload.length < 65536 ? Buffer.from([0x80 | opcode, 126, payload.length >> 8, payload.length & 0xff])
    : Buffer.concat([Buffer.from([0x80 | opcode, 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(payload.length)); return b; })()]);
  return Buffer.concat([header, payload]);
}
