/**
 * The web chat's part of `npm run bench -- stream` (first-text-probe.ts): the real server (`startServer`) on a copy of
 * the seeded DATA_DIR, a real engine in llm mode on the bench's fake OpenAI server, and each question a
 * `POST /api/chat` with `Accept: text/event-stream` as the page sends it, without a cookie (a new visitor and a new
 * conversation each time, so neither the conversation nor a rate limit carries over). Its first text is the first
 * SSE `text` event as this client parsed it off the wire; the stream is then read to its `reply` before the next
 * question.
 */
import { randomUUID } from 'node:crypto';
import { startProbeServer } from './probe-server.js';
import type { FirstTextProbe, OpenFirstTextProbe, StreamBenchSetup } from './first-text-probe.js';

/** The names of the events of one answer, and when (ms after the request) the first `text` arrived. */
interface StreamRead {
  firstTextMs?: number;
  events: string[];
}

/** POSTs `question` and reads the event stream to its end. */
async function askStreaming(chatUrl: string, question: string): Promise<StreamRead> {
  const sentAt = performance.now();
  const response = await fetch(chatUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ conversationId: `stream-bench-${randomUUID()}`, text: question }),
  });
  if (response.status !== 200 || !response.headers.get('content-type')?.startsWith('text/event-stream')) {
    throw new Error(`web probe: /api/chat answered ${response.status} ${response.headers.get('content-type')}: ${(await response.text()).slice(0, 200)}`);
  }
  const read: StreamRead = { events: [] };
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const name = /^event: (.+)$/m.exec(buffer.slice(0, end))?.[1];
      buffer = buffer.slice(end + 2);
      if (!name) continue;
      if (name === 'text' && read.firstTextMs === undefined) read.firstTextMs = performance.now() - sentAt;
      read.events.push(name);
    }
  }
  return read;
}

/**
 * Starts the server on a copy of the seeded DATA_DIR; one warm-up question (not measured).
 *
 * @example
 * const probe = await openWebProbe({ openaiBaseUrl, tokensPerSecond: 20, seededDataDir });
 * console.log(await probe.firstTextMs('Hvilke kommuner har arbejdet med hverdagsrehabilitering?'));
 * await probe.close();
 */
export const openWebProbe = async (setup: StreamBenchSetup): Promise<FirstTextProbe & { chatUrl: string }> => {
  const started = await startProbeServer(setup, 'web', {
    // Every question comes from 127.0.0.1: lift the per-address limit, as the load bench does.
    WEB_CHATS_PER_ADDRESS_PER_MINUTE: '100000',
  });
  const chatUrl = `${started.baseUrl}/api/chat`;

  const measure = async (question: string): Promise<number> => {
    const read = await askStreaming(chatUrl, question);
    if (read.events.at(-1) !== 'reply') throw new Error(`web probe: the stream ended with ${read.events.at(-1)}, not the reply`);
    if (read.firstTextMs === undefined) throw new Error('web probe: the answer had no text event');
    return read.firstTextMs;
  };
  await measure('Hvordan kommer vi i gang med design thinking?');

  return {
    channel: 'web',
    chatUrl,
    firstTextMs: measure,
    async close() {
      await started.close();
    },
  };
};

/**
 * The baseline: the same server and questions through the JSON path (no `Accept: text/event-stream`), as every channel
 * answered before streaming; its "first text" is the whole answer, when the response has been read.
 */
export const openWebJsonProbe: OpenFirstTextProbe = async (setup) => {
  const streaming = await openWebProbe(setup);
  const chatUrl = (streaming as FirstTextProbe & { chatUrl: string }).chatUrl;
  return {
    channel: 'web-json',
    async firstTextMs(question) {
      const sentAt = performance.now();
      const response = await fetch(chatUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ conversationId: `stream-bench-${randomUUID()}`, text: question }),
      });
      const reply = (await response.json()) as { text?: string };
      if (response.status !== 200 || !reply.text) throw new Error(`web probe (JSON): /api/chat answered ${response.status}`);
      return performance.now() - sentAt;
    },
    close: () => streaming.close(),
  };
};

export default openWebProbe;
