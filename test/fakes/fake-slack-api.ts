/**
 * A fake Slack Web API on 127.0.0.1 for offline tests of a real Bolt app (`clientOptions.slackApiUrl = fake.url`).
 * It accepts `POST /api/<method>` form-encoded (as @slack/web-api sends, non-scalars JSON-stringified) or JSON,
 * records every call, and answers `ok: true` with realistic fields (`ts` for posts, ids for auth.test). Failures are
 * scripted per method: a 429 with Retry-After, a 500, or an `ok: false` platform error. POSTs to `/respond/<id>`
 * (interactivity `response_url`s) are recorded in `responses`.
 *
 * @example
 * const fake = await startFakeSlackApi();
 * fake.failNext('chat.postMessage', { status: 429, retryAfter: 0 });
 * const [post] = await fake.waitFor('chat.postMessage');
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

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
  /** Replaces the default answer of `method` (merged over `{ ok: true }`). */
  onCall(method: string, handler: ((call: RecordedCall) => Record<string, unknown>) | undefined): void;
  /** Forgets recorded calls (scripts stay). */
  reset(): void;
  close(): Promise<void>;
}

/** The bot identity auth.test reports. */
export const FAKE_BOT = { userId: 'UBOT', botId: 'BBOT', teamId: 'T1' } as const;

/** Starts the fake on a free port. */
export async function startFakeSlackApi(): Promise<FakeSlackApi> {
  const calls: RecordedCall[] = [];
  const responses: RecordedCall[] = [];
  const failures = new Map<string, FakeFailure[]>();
  const handlers = new Map<string, (call: RecordedCall) => Record<string, unknown>>();
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
    if (method === 'users.info') {
      const id = String(args.user);
      return { user: { id, name: id.toLowerCase(), real_name: `Bruger ${id}`, profile: { display_name: `Bruger ${id}`, real_name: `Bruger ${id}` } } };
    }
    if (method === 'conversations.replies') return { messages: [] };
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
      const failure = failures.get(call.method)?.shift();
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
    onCall: (method, handler) => void (handler ? handlers.set(method, handler) : handlers.delete(method)),
    reset: () => void (calls.length = 0, responses.length = 0),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
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
