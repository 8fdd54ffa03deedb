/**
 * A scriptable fake of the OpenAI HTTP API for tests: a real node:http server on 127.0.0.1 (random port) that the
 * real `@langchain/openai` / `openai` clients talk to, so code paths that call OpenAI are tested end to end without
 * the internet.
 *
 * Speaks, under `/v1`:
 * - `POST /v1/embeddings`: deterministic unit vectors from a hash of each input (or from `embedText`), as base64 of
 *   little-endian float32 when the request says `encoding_format: "base64"` (the openai SDK always does), else as
 *   plain arrays; `data[i].index` and `usage` as OpenAI sends them.
 * - `POST /v1/chat/completions`: a `chat.completion` (or, with `stream: true`, SSE `chat.completion.chunk`s ending
 *   in `data: [DONE]`) whose content is scripted. A stream sends the content a word at a time (optionally
 *   `tokenDelayMs` apart), then the finish chunk, then the usage chunk when the request asked for it with
 *   `stream_options: { include_usage: true }`; `failAfterTokens` breaks it off mid-answer (connection dropped, or an
 *   error event as OpenAI sends one).
 * - `GET /v1/models`: a short model list.
 *
 * Scripting, per endpoint: replies queued with `queueChat(...)` / `queueEmbeddings(...)` are used first, one per
 * request, in order; then the handler set with `onChat` / `onEmbeddings`; then the default behaviour. A handler may
 * return `undefined` to fall through to the default.
 *
 * @example
 * const fake = await startFakeOpenAI();
 * fake.queueEmbeddings(rateLimitReply(), { status: 500 });
 * fake.onChat(({ lastUserMessage }) => ({ content: `Du spurgte: ${lastUserMessage}` }));
 * const chat = new ChatOpenAI({ apiKey: 'test-key', model: 'gpt-4o-mini', configuration: { baseURL: fake.baseURL } });
 * await fake.close();
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Fields any reply may carry. */
export interface FakeReplyBase {
  /** Wait this long before answering (simulate a slow server / client timeout). */
  delayMs?: number;
  /** Streams only: wait this long before each content chunk (default: the server's `tokenDelayMs`, else 0). */
  tokenDelayMs?: number;
  /**
   * Streams only: after this many content chunks, `drop` the connection (no finish chunk, no [DONE]) or send an
   * `error` event in OpenAI's format (`data: {"error": …}`) and end the stream.
   */
  failAfterTokens?: { tokens: number; how: 'drop' | 'error'; message?: string };
  /** The `usage` to report instead of the fake's own count (in the completion, or in a stream's usage chunk). */
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens?: number };
  /** Extra response headers, e.g. `{ 'retry-after': '0' }`. */
  headers?: Record<string, string>;
}

/** A tool call the fake chat model "makes" (for `withStructuredOutput({ method: 'functionCalling' })`, agents). */
export interface FakeToolCall {
  name: string;
  /** Object (serialised with JSON.stringify) or an already serialised string. */
  arguments: unknown;
  id?: string;
}

/**
 * What a scripted request gets:
 * - `{ status, body? }`: exactly this HTTP status and JSON body (errors: see `errorReply`, `rateLimitReply`);
 * - `{ content }`: a chat completion with this assistant text;
 * - `{ json }`: a chat completion whose content is `JSON.stringify(json)` (structured output via `response_format`);
 * - `{ toolCalls }`: a chat completion with tool calls and `finish_reason: 'tool_calls'`;
 * - `{ embeddings }`: these vectors for the request's inputs (one per input);
 * - `{ drop: true }`: the connection is destroyed without an answer (network error);
 * - `{ delayMs }` alone: wait, then the default behaviour.
 */
export type FakeReply =
  | (FakeReplyBase & { status: number; body?: unknown })
  | (FakeReplyBase & { content: string; finishReason?: 'stop' | 'length' | 'content_filter' })
  | (FakeReplyBase & { json: unknown })
  | (FakeReplyBase & { toolCalls: FakeToolCall[] })
  | (FakeReplyBase & { embeddings: number[][] })
  | (FakeReplyBase & { drop: true })
  | FakeReplyBase;

/** One request the fake received, recorded before any scripted delay. */
export interface RecordedRequest {
  method: string;
  /** Path without query, e.g. '/v1/embeddings'. */
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body; the raw text when it was not JSON; undefined when empty. */
  body: unknown;
}

/** A parsed chat request, as handlers see it. */
export interface FakeChatRequest {
  body: Record<string, unknown> & { model?: string; stream?: boolean; messages?: Array<{ role: string; content: unknown }> };
  headers: http.IncomingHttpHeaders;
  /** Text of the last `user` message (text parts joined), '' if none. */
  lastUserMessage: string;
}

/** A parsed embeddings request, as handlers see it. */
export interface FakeEmbeddingsRequest {
  body: Record<string, unknown> & { model?: string; dimensions?: number; encoding_format?: string };
  headers: http.IncomingHttpHeaders;
  /** The inputs as strings (token-array inputs are JSON-serialised). */
  inputs: string[];
}

export type FakeHandler<Request> = (request: Request) => FakeReply | undefined | Promise<FakeReply | undefined>;

export interface FakeOpenAIOptions {
  /** Assistant text of unscripted chat completions. */
  chatContent?: string;
  /**
   * Vector size of unscripted embeddings when the request has no `dimensions` and the model is not a known OpenAI
   * model (text-embedding-3-small/ada-002: 1536, text-embedding-3-large: 3072). Default 64.
   */
  embeddingDimensions?: number;
  /** Replaces the hash-based default vectors (e.g. with the local embedder, for retrieval tests). */
  embedText?: (text: string, dimensions: number) => number[];
  /** Pause before each content chunk of a streamed completion (50 = a model writing 20 tokens a second). */
  tokenDelayMs?: number;
}

export interface FakeOpenAI {
  /** 'http://127.0.0.1:PORT/v1': pass as `configuration.baseURL` / `baseURL`. */
  readonly baseURL: string;
  readonly port: number;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** The recorded requests to one path, e.g. '/v1/embeddings'. */
  requestsTo(path: string): RecordedRequest[];
  onChat(handler: FakeHandler<FakeChatRequest> | undefined): void;
  onEmbeddings(handler: FakeHandler<FakeEmbeddingsRequest> | undefined): void;
  /** Replies used, in order, for the next chat requests (before the handler). */
  queueChat(...replies: FakeReply[]): void;
  /** Replies used, in order, for the next embeddings requests (before the handler). */
  queueEmbeddings(...replies: FakeReply[]): void;
  /** Forgets recorded requests, queues and handlers. */
  reset(): void;
  /** Stops the server, cutting open connections and pending delayed replies. */
  close(): Promise<void>;
}

const KNOWN_EMBEDDING_DIMENSIONS: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

/** A 429 in OpenAI's format with a `retry-after` header (seconds). */
export function rateLimitReply(retryAfterSeconds = 0): FakeReply {
  return {
    status: 429,
    headers: { 'retry-after': String(retryAfterSeconds) },
    body: {
      error: {
        message: `Rate limit reached. Please try again in ${retryAfterSeconds}s.`,
        type: 'requests',
        param: null,
        code: 'rate_limit_exceeded',
      },
    },
  };
}

/** An error reply in OpenAI's format, e.g. `errorReply(401, 'Incorrect API key provided', 'invalid_api_key')`. */
export function errorReply(status: number, message = `Fake error ${status}`, code: string | null = null): FakeReply {
  const type = status === 401 ? 'invalid_request_error' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return { status, body: { error: { message, type, param: null, code } } };
}

/** Starts a fake on 127.0.0.1 with a random free port. Close it in `afterAll`/`afterEach`. */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  let chatQueue: FakeReply[] = [];
  let embeddingsQueue: FakeReply[] = [];
  let chatHandler: FakeHandler<FakeChatRequest> | undefined;
  let embeddingsHandler: FakeHandler<FakeEmbeddingsRequest> | undefined;
  const timers = new Set<NodeJS.Timeout>();
  let completionCounter = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        sendJson(res, 500, { error: { message: `Fake OpenAI server failed: ${String(error)}`, type: 'server_error' } });
      }
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? '/').split('?')[0]!;
    let body: unknown = undefined;
    if (raw !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });

    if (req.method === 'POST' && path === '/v1/embeddings') {
      const request = toEmbeddingsRequest(body, req.headers);
      const reply = embeddingsQueue.shift() ?? (await embeddingsHandler?.(request)) ?? {};
      await respond(res, reply, () => embeddingsBody(request, reply));
      return;
    }
    if (req.method === 'POST' && path === '/v1/chat/completions') {
      const request = toChatRequest(body, req.headers);
      const reply = chatQueue.shift() ?? (await chatHandler?.(request)) ?? {};
      await respond(res, reply, () => chatBody(request, reply), request.body.stream === true ? request : undefined);
      return;
    }
    if (req.method === 'GET' && path === '/v1/models') {
      const data = ['gpt-4o-mini', ...Object.keys(KNOWN_EMBEDDING_DIMENSIONS)].map((id) => ({
        id,
        object: 'model',
        created: 0,
        owned_by: 'fake',
      }));
      sendJson(res, 200, { object: 'list', data });
      return;
    }
    sendJson(res, 404, {
      error: { message: `The fake OpenAI server has no ${req.method} ${path}`, type: 'invalid_request_error' },
    });
  }

  /** Applies delay/drop/status/headers; `successBody` builds the normal answer; `stream` switches to SSE. */
  async function respond(
    res: http.ServerResponse,
    reply: FakeReply,
    successBody: () => Record<string, unknown>,
    stream?: FakeChatRequest,
  ): Promise<void> {
    if (reply.delayMs) await sleep(reply.delayMs);
    if (res.destroyed) return;
    if ('drop' in reply && reply.drop) {
      res.socket?.destroy();
      return;
    }
    if ('status' in reply) {
      sendJson(res, reply.status, reply.body ?? {}, reply.headers);
      return;
    }
    const completion = successBody();
    if (stream) await sendStream(res, completion, stream, reply, options.tokenDelayMs ?? 0, sleep);
    else sendJson(res, 200, completion, reply.headers);
  }

  function embeddingsBody(request: FakeEmbeddingsRequest, reply: FakeReply): Record<string, unknown> {
    const model = request.body.model ?? 'text-embedding-3-small';
    const dimensions =
      typeof request.body.dimensions === 'number'
        ? request.body.dimensions
        : (KNOWN_EMBEDDING_DIMENSIONS[model] ?? options.embeddingDimensions ?? 64);
    const vectors =
      'embeddings' in reply
        ? reply.embeddings
        : request.inputs.map((text) => (options.embedText ?? hashVector)(text, dimensions));
    const base64 = request.body.encoding_format === 'base64';
    const tokens = request.inputs.reduce((sum, text) => sum + Math.max(1, Math.ceil(text.length / 4)), 0);
    return {
      object: 'list',
      data: vectors.map((vector, index) => ({
        object: 'embedding',
        index,
        embedding: base64 ? float32Base64(vector) : vector,
      })),
      model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    };
  }

  function chatBody(request: FakeChatRequest, reply: FakeReply): Record<string, unknown> {
    completionCounter += 1;
    let message: Record<string, unknown>;
    let finishReason = 'stop';
    if ('toolCalls' in reply) {
      message = {
        role: 'assistant',
        content: null,
        tool_calls: reply.toolCalls.map((call, index) => ({
          id: call.id ?? `call_fake_${completionCounter}_${index}`,
          type: 'function',
          function: {
            name: call.name,
            arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
          },
        })),
      };
      finishReason = 'tool_calls';
    } else {
      const content =
        'json' in reply
          ? JSON.stringify(reply.json)
          : 'content' in reply
            ? reply.content
            : (options.chatContent ?? 'This is a scripted answer from the fake OpenAI server.');
      message = { role: 'assistant', content, refusal: null };
      if ('finishReason' in reply && reply.finishReason) finishReason = reply.finishReason;
    }
    const promptTokens = reply.usage?.prompt_tokens ?? Math.max(1, Math.ceil(JSON.stringify(request.body.messages ?? []).length / 4));
    const completionTokens = reply.usage?.completion_tokens ?? Math.max(1, Math.ceil(JSON.stringify(message).length / 4));
    return {
      id: `chatcmpl-fake-${completionCounter}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: request.body.model ?? 'gpt-4o-mini',
      choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
      system_fingerprint: 'fp_fake',
    };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    requestsTo: (path) => requests.filter((request) => request.path === path),
    onChat: (handler) => {
      chatHandler = handler;
    },
    onEmbeddings: (handler) => {
      embeddingsHandler = handler;
    },
    queueChat: (...replies) => {
      chatQueue.push(...replies);
    },
    queueEmbeddings: (...replies) => {
      embeddingsQueue.push(...replies);
    },
    reset: () => {
      requests.length = 0;
      chatQueue = [];
      embeddingsQueue = [];
      chatHandler = undefined;
      embeddingsHandler = undefined;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-request-id': `req_fake_${Date.now()}`,
    ...headers,
  });
  res.end(text);
}

/**
 * Streams a finished completion as OpenAI does: role chunk, content pieces (one word each, `tokenDelayMs` apart),
 * finish chunk, optional usage, [DONE]; or breaks off after `failAfterTokens` pieces.
 */
async function sendStream(
  res: http.ServerResponse,
  completion: Record<string, unknown>,
  request: FakeChatRequest,
  reply: FakeReply,
  defaultTokenDelayMs: number,
  sleep: (ms: number) => Promise<void>,
): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...reply.headers });
  // Each chunk goes out at once, as a real server's does (no waiting for a fuller TCP segment).
  res.socket?.setNoDelay(true);
  const tokenDelayMs = reply.tokenDelayMs ?? defaultTokenDelayMs;
  const choice = (completion.choices as Array<{ message: Record<string, unknown>; finish_reason: string }>)[0]!;
  const base = { id: completion.id, object: 'chat.completion.chunk', created: completion.created, model: completion.model };
  const send = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    res.write(`data: ${JSON.stringify({ ...base, choices, ...extra })}\n\n`);

  send([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]);
  const toolCalls = choice.message.tool_calls as Array<Record<string, unknown>> | undefined;
  if (toolCalls) {
    send([{ index: 0, delta: { tool_calls: toolCalls.map((call, index) => ({ index, ...call })) }, finish_reason: null }]);
  } else {
    const content = String(choice.message.content ?? '');
    let sent = 0;
    for (const piece of content.match(/\S+\s*|\s+/g) ?? []) {
      const failure = reply.failAfterTokens;
      if (failure && sent >= failure.tokens) {
        if (failure.how === 'drop') {
          // end(), not destroy(): the pieces written so far reach the client first, then the body stops mid-answer.
          res.socket?.end();
          return;
        }
        const error = { message: failure.message ?? 'The server had an error while processing your request.', type: 'server_error', param: null, code: null };
        res.end(`data: ${JSON.stringify({ error })}\n\n`);
        return;
      }
      if (tokenDelayMs > 0) await sleep(tokenDelayMs);
      if (res.destroyed) return;
      send([{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }]);
      sent += 1;
    }
  }
  send([{ index: 0, delta: {}, logprobs: null, finish_reason: choice.finish_reason }]);
  const streamOptions = request.body.stream_options as { include_usage?: boolean } | undefined;
  if (streamOptions?.include_usage) send([], { usage: completion.usage });
  res.end('data: [DONE]\n\n');
}

function toEmbeddingsRequest(body: unknown, headers: http.IncomingHttpHeaders): FakeEmbeddingsRequest {
  const record = (typeof body === 'object' && body !== null ? body : {}) as FakeEmbeddingsRequest['body'];
  const input = (record as { input?: unknown }).input;
  const list: unknown[] =
    Array.isArray(input) && !(input.length > 0 && typeof input[0] === 'number') ? input : input === undefined ? [] : [input];
  return { body: record, headers, inputs: list.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))) };
}

function toChatRequest(body: unknown, headers: http.IncomingHttpHeaders): FakeChatRequest {
  const record = (typeof body === 'object' && body !== null ? body : {}) as FakeChatRequest['body'];
  const lastUser = [...(record.messages ?? [])].reverse().find((message) => message.role === 'user');
  return { body: record, headers, lastUserMessage: lastUser ? messageText(lastUser.content) : '' };
}

function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (typeof part === 'object' && part !== null && 'text' in part ? String(part.text) : ''))
      .join('');
  }
  return '';
}

/** Deterministic unit vector from an FNV-1a seed and a xorshift generator. */
function hashVector(text: string, dimensions: number): number[] {
  let state = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) state = Math.imul(state ^ text.charCodeAt(i), 0x01000193);
  state = (state >>> 0) || 1;
  const vector: number[] = [];
  let norm = 0;
  for (let i = 0; i < dimensions; i += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const value = ((state >>> 0) / 0xffffffff) * 2 - 1;
    vector.push(value);
    norm += value * value;
  }
  const scale = norm === 0 ? 0 : 1 / Math.sqrt(norm);
  return vector.map((value) => value * scale);
}

/** Base64 of the values as little-endian float32, the format the openai SDK decodes. */
function float32Base64(vector: number[]): string {
  const buffer = Buffer.alloc(vector.length * 4);
  vector.forEach((value, index) => buffer.writeFloatLE(value, index * 4));
  return buffer.toString('base64');
}
