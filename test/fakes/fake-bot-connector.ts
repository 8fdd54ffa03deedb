/**
 * A fake Bot Framework connector (the service behind an activity's `serviceUrl`) on 127.0.0.1: records what the bot
 * sends, exactly as it arrives on the wire, and answers like Teams does. Paths (ids are percent-encoded by
 * botbuilder and decoded here):
 *
 * - `POST v3/conversations/{id}/activities/{replyToId}`: a reply (also typing indicators)
 * - `POST v3/conversations/{id}/activities`: a new message
 * - `PUT v3/conversations/{id}/activities/{activityId}`, `DELETE …`: update, delete
 * - `POST v3/conversations`: create a conversation
 *
 * Streaming (1:1 chats, learn.microsoft.com …/bots/streaming-ux) is answered like Teams does: the first activity of a
 * stream (a `streaminfo` entity without `streamId`) gets a new id, which is the stream's id; later updates and the
 * final message name that `streamId` and get `{}` back (202), and are recorded with the stream's id as their
 * `assignedId` (the message Teams shows). A request that breaks Teams' rules (sequence not starting at 1 or not
 * increasing, an update whose text does not extend the text streamed so far, an unknown stream, anything after the
 * final message, a final message with a sequence) is refused 400 BadRequest and listed in `violations`. A stream
 * refused once with 403 (`ContentStreamNotAllowed`, e.g. the user pressed Stop) refuses every later request on it.
 *
 * It can also play Microsoft's sign-in metadata (`GET /openid`, `GET /jwks`) and issue RS256 channel tokens, so the
 * authenticated path runs offline. Failures are scriptable per request.
 *
 * @example
 * const connector = await startFakeBotConnector();
 * // post an activity with serviceUrl: connector.url …
 * const [reply] = connector.messages();
 * connector.failNext({ status: 503 }); // the next send fails
 * connector.failNext({ status: 403, code: 'ContentStreamNotAllowed', when: (request) => streamInfoOf(request)?.streamType === 'streaming' });
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the bot made. */
export interface ConnectorRequest {
  method: string;
  path: string;
  /** Decoded conversation id, when the path has one. */
  conversationId?: string;
  /** Decoded last segment after `activities/`: the replyToId (POST) or the activity id (PUT/DELETE). */
  activityId?: string;
  /** The id the fake gave the sent activity. */
  assignedId?: string;
  headers: http.IncomingHttpHeaders;
  /** The JSON body (activities are free-form). */
  body: any;
}

/** A scripted failure: the first matching request gets `status` (or the connection is dropped). */
export interface ScriptedFailure {
  status?: number;
  /** The error code in the body (Teams': `ContentStreamNotAllowed`, `BadRequest` …). @default "ServiceError" */
  code?: string;
  message?: string;
  /** Close the socket without answering (service unreachable). */
  drop?: boolean;
  when?: (request: ConnectorRequest) => boolean;
}

export interface FakeBotConnector {
  /** The serviceUrl to put into activities (ends with `/`). */
  url: string;
  /** Every request, in order (failed ones included, with `failed: true`). */
  requests: Array<ConnectorRequest & { failed?: boolean }>;
  /** Sent `message` activities that succeeded. */
  messages(): ConnectorRequest[];
  /** Sent `typing` activities. */
  typing(): ConnectorRequest[];
  /** Successful requests carrying a `streaminfo` entity (informative and streaming updates, final messages), in order. */
  streamed(conversationId?: string): ConnectorRequest[];
  /** Requests refused for breaking Teams' streaming rules, with the rule. */
  violations: Array<{ request: ConnectorRequest; rule: string }>;
  failNext(failure?: ScriptedFailure): void;
  /** Waits until a recorded, successful request satisfies `predicate`. */
  waitFor(predicate: (request: ConnectorRequest) => boolean, timeoutMs?: number): Promise<ConnectorRequest>;
  /** Sign-in metadata: `GET {url}openid` (set `metadataDown` to answer 503 there). */
  openIdMetadataUrl: string;
  metadataDown: boolean;
  /** An RS256 token signed by the key published at `{url}jwks`. */
  issueToken(claims: Record<string, unknown>): string;
  close(): Promise<void>;
}

/** Starts a fake connector on a random port of 127.0.0.1. */
export async function startFakeBotConnector(): Promise<FakeBotConnector> {
  const requests: FakeBotConnector['requests'] = [];
  const failures: ScriptedFailure[] = [];
  const waiters: Array<{ predicate: (request: ConnectorRequest) => boolean; resolve: (request: ConnectorRequest) => void }> = [];
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const streams = new Map<string, StreamState>();
  const violations: FakeBotConnector['violations'] = [];
  let counter = 0;

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = (request.url ?? '/').split('?')[0]!;
      if (request.method === 'GET' && (path === '/openid' || path === '/jwks')) {
        return metadata(path, response);
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      const recorded: ConnectorRequest & { failed?: boolean } = {
        method: request.method ?? 'GET',
        path,
        headers: request.headers,
        body: raw ? JSON.parse(raw) : undefined,
        ...parsePath(path),
      };
      requests.push(recorded);
      const info = streamInfoOf(recorded);
      const stream = info?.streamId ? streams.get(info.streamId) : undefined;
      const index = failures.findIndex((failure) => !failure.when || failure.when(recorded));
      if (index >= 0) {
        const [failure] = failures.splice(index, 1);
        recorded.failed = true;
        if (failure!.drop) return request.socket.destroy();
        if (stream && failure!.status === 403) stream.refused = true;
        return json(response, failure!.status ?? 500, { error: { code: failure!.code ?? 'ServiceError', message: failure!.message ?? 'scripted failure' } });
      }
      if (info) {
        const rule = streamRuleBroken(recorded, info, stream);
        if (rule === 'refused') {
          recorded.failed = true;
          return json(response, 403, { error: { code: 'ContentStreamNotAllowed', message: 'Content stream is not allowed' } });
        }
        if (rule) {
          recorded.failed = true;
          violations.push({ request: recorded, rule });
          return json(response, 400, { error: { code: 'BadRequest', message: rule } });
        }
      }
      const assignedId = stream ? info!.streamId! : `activity-${++counter}`;
      recorded.assignedId = assignedId;
      if (info) {
        const state = stream ?? { text: '', sequence: 0, final: false, refused: false };
        streams.set(assignedId, state);
        if (info.streamType === 'final') state.final = true;
        else state.sequence = info.streamSequence as number;
        if (info.streamType === 'streaming') state.text = String(recorded.body.text ?? '');
      }
      for (const waiter of [...waiters]) {
        if (waiter.predicate(recorded)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(recorded);
        }
      }
      if (request.method === 'DELETE') return json(response, 200, {});
      if (request.method === 'POST' && path === '/v3/conversations') {
        return json(response, 200, { id: `a:created-${counter}`, activityId: assignedId });
      }
      // Teams: 201 with the stream's id for its first activity, 202 {} for every later one.
      if (stream) return json(response, 202, {});
      return json(response, info ? 201 : 200, { id: assignedId });
    });
  });

  function metadata(path: string, response: http.ServerResponse): void {
    if (connector.metadataDown) return json(response, 503, { error: 'metadata down' });
    if (path === '/openid') return json(response, 200, { issuer: 'https://api.botframework.com', jwks_uri: `${connector.url}jwks` });
    const jwk = publicKey.export({ format: 'jwk' });
    json(response, 200, { keys: [{ kty: 'RSA', kid: 'fake-key', use: 'sig', n: jwk.n, e: jwk.e }] });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  const connector: FakeBotConnector = {
    url,
    requests,
    messages: () => requests.filter((request) => !request.failed && request.body?.type === 'message'),
    typing: () => requests.filter((request) => !request.failed && request.body?.type === 'typing'),
    streamed: (conversationId) =>
      requests.filter((request) => !request.failed && streamInfoOf(request) && (!conversationId || request.conversationId === conversationId)),
    violations,
    failNext: (failure = {}) => void failures.push(failure),
    waitFor(predicate, timeoutMs = 5_000) {
      const found = requests.find((request) => !request.failed && predicate(request));
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { predicate, resolve };
        waiters.push(waiter);
        setTimeout(() => {
          if (waiters.includes(waiter)) reject(new Error(`fake connector: no matching request within ${timeoutMs} ms`));
        }, timeoutMs).unref();
      });
    },
    openIdMetadataUrl: `${url}openid`,
    metadataDown: false,
    issueToken: (claims) => signRs256(claims, privateKey),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return connector;
}

/** The `streaminfo` entity of a request's activity, if it has one. */
export function streamInfoOf(request: Pick<ConnectorRequest, 'body'>): StreamInfo | undefined {
  const entities: unknown = request.body?.entities;
  if (!Array.isArray(entities)) return undefined;
  return entities.find((entity: { type?: unknown }) => entity?.type === 'streaminfo') as StreamInfo | undefined;
}

/** Teams' streaming entity as the bot sent it. */
export interface StreamInfo {
  type: 'streaminfo';
  streamId?: string;
  streamType?: 'informative' | 'streaming' | 'final';
  streamSequence?: number;
}

interface StreamState {
  /** The text of the last streaming update. */
  text: string;
  /** The last streamSequence. */
  sequence: number;
  final: boolean;
  refused: boolean;
}

/** The streaming rule `request` breaks (Teams answers 400), 'refused' for a stream refused before, or undefined. */
function streamRuleBroken(request: ConnectorRequest, info: StreamInfo, stream: StreamState | undefined): string | undefined {
  const type = request.body?.type;
  if (info.streamId && !stream) return `unknown streamId ${info.streamId}`;
  if (stream?.refused) return 'refused';
  if (stream?.final) return 'Content stream is not allowed on an already completed streamed message';
  if (info.streamType === 'final') {
    if (type !== 'message') return 'only a message activity may end a stream';
    if (!stream) return 'a final message needs the streamId of its stream';
    if (info.streamSequence !== undefined) return 'the final message must not have a streamSequence';
    return undefined;
  }
  if (type !== 'typing') return 'informative and streaming updates are typing activities';
  if (info.streamType !== 'informative' && info.streamType !== 'streaming') return `unknown streamType ${String(info.streamType)}`;
  if (typeof request.body?.text !== 'string' || request.body.text.length === 0) return 'a streaming update must have text';
  const expected = (stream?.sequence ?? 0) + 1;
  if (info.streamSequence !== expected) return `streamSequence ${String(info.streamSequence)}, expected ${expected}`;
  if (info.streamType === 'streaming' && stream && !request.body.text.startsWith(stream.text)) {
    return 'a streaming update must carry the text streamed so far';
  }
  return undefined;
}

function parsePath(path: string): Pick<ConnectorRequest, 'conversationId' | 'activityId'> {
  const match = /^\/v3\/conversations\/([^/]+)(?:\/activities(?:\/([^/]+))?)?/.exec(path);
  if (!match) return {};
  return {
    conversationId: decodeURIComponent(match[1]!),
    ...(match[2] ? { activityId: decodeURIComponent(match[2]) } : {}),
  };
}

function json(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function signRs256(claims: Record<string, unknown>, key: KeyObject): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT', kid: 'fake-key' })}.${encode({ nbf: now - 60, exp: now + 3600, ...claims })}`;
  return `${unsigned}.${sign('sha256', Buffer.from(unsigned), key).toString('base64url')}`;
}
