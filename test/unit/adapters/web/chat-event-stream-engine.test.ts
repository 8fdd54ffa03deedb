/**
 * `POST /api/chat` as server-sent events with the real engine in llm mode (the fake OpenAI server streams the model's
 * answer) behind the real express app, on both databases: the wire order, the final `reply` replacing what was
 * streamed (a citation to a source that was not retrieved is gone from it; a model failure mid-stream ends in the
 * extractive answer with the notice), and feedback on the streamed reply.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWebApp } from '../../../../adapters/web/index.js';
import { createChatModel, replyTexts, type ChatModel } from '../../../../bot/index.js';
import type { BotReply } from '../../../../bot/messages.js';
import type { KnowledgeBase } from '../../../../knowledge/index.js';
import type { FakeReply } from '../../../fakes/fake-openai-server.js';
import { engineOn, expectGroundedReply, openEngineKnowledge, storedMessages } from '../../../support/engine-harness.js';
import { testDatabases } from '../../../support/test-databases.js';
import { startLlmHarness, type LlmHarness } from '../../bot/llm/llm-test-harness.js';
import { readEventStream, type SseEvent } from './sse-reader.js';

const da = replyTexts('da');
const QUESTION = 'Hvilke kommuner har arbejdet med hverdagsrehabilitering?';

describe.each(testDatabases)('web chat streamed by the real engine on $name', (target) => {
  let knowledge: KnowledgeBase;
  let h: LlmHarness;
  let chatModel: ChatModel;
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    [knowledge, h] = await Promise.all([openEngineKnowledge(target), startLlmHarness()]);
    chatModel = createChatModel({ apiKey: 'test', baseURL: h.fake.baseURL, chatModel: 'gpt-test', timeoutMs: 5_000 }, { baseDelayMs: 1, maxDelayMs: 5 });
    const { engine } = engineOn(knowledge, { chatModel });
    server = await new Promise<Server>((resolve) => {
      const listening = createWebApp({ engine, db: knowledge.db }).listen(0, '127.0.0.1', () => resolve(listening));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await h?.close();
    await knowledge?.close();
  });
  beforeEach(() => h.fake.reset());

  /** Classification requests get case_lookup; the answer request gets `answer`. */
  const script = (answer: FakeReply) =>
    h.fake.onChat((request) => (request.body.response_format ? { json: { intent: 'case_lookup', filters: null } } : answer));

  async function ask(conversationId: string, cookie?: string): Promise<{ events: SseEvent[]; cookie: string }> {
    const response = await fetch(`${baseUrl}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify({ conversationId, text: QUESTION }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const set = /^(kc_uid=[^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
    return { events: await readEventStream(response), cookie: cookie ?? set ?? '' };
  }
  const streamed = (events: SseEvent[]) => events.filter((event) => event.event === 'text').map((event) => event.data.delta).join('');
  const finalOf = (events: SseEvent[]): BotReply => {
    expect(events.at(-1)!.event).toBe('reply');
    return events.at(-1)!.data as BotReply;
  };

  it('should send searching and writing status, the model text in pieces, then the stored reply, and take feedback on it', async () => {
    const text = 'Fredericia Kommune tilbyder et forløb med hverdagsrehabilitering [1]. København skrev det ind i kvalitetsstandarderne [2].';
    script({ content: text });
    const { events, cookie } = await ask('sse-llm-1');

    const names = events.map((event) => event.event);
    expect(events.slice(0, 2).map((event) => event.data)).toEqual([
      { stage: 'searching', text: da.searchingStatus() },
      { stage: 'writing', text: da.writingStatus() },
    ]);
    expect(names.slice(2, -1).every((name) => name === 'text')).toBe(true);
    expect(names.filter((name) => name === 'text').length).toBeGreaterThan(5);
    expect(streamed(events)).toBe(text);
    const reply = finalOf(events);
    expect(reply).toMatchObject({ mode: 'llm', text, notices: [] });
    await expectGroundedReply(knowledge.db, reply);
    expect((await storedMessages(knowledge.db, 'web:sse-llm-1')).at(-1)).toMatchObject({ role: 'bot', text });

    const feedback = await fetch(`${baseUrl}/api/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ replyId: reply.replyId, value: 'up' }),
    });
    expect(feedback.status).toBe(200);
    expect(await feedback.json()).toMatchObject({ ok: true });
  });

  it('should leave a citation to a source that was not retrieved out of the final reply event, though it was streamed', async () => {
    script({ content: 'Fredericia Kommune var først med hverdagsrehabilitering [1]. Det sparede 40 % [9].' });
    const { events } = await ask('sse-llm-2');
    expect(streamed(events)).toContain('[9]');
    const reply = finalOf(events);
    expect(reply.text).toBe('Fredericia Kommune var først med hverdagsrehabilitering [1]. Det sparede 40 %.');
    expect(reply.citations).toHaveLength(1);
  });

  it('should end in the extractive answer with the fallback notice when the model breaks off mid-stream', async () => {
    script({ content: 'Fredericia Kommune var først med hverdagsrehabilitering [1]. Derefter fulgte andre [2].', failAfterTokens: { tokens: 4, how: 'drop' } });
    const { events } = await ask('sse-llm-3');
    expect(streamed(events)).toBe('Fredericia Kommune var først ');
    expect(events.some((event) => event.event === 'error')).toBe(false);
    const reply = finalOf(events);
    expect(reply).toMatchObject({ mode: 'extractive', notices: [da.modelFallback()] });
    expect(reply.text.startsWith(da.framing.caseLookupIntro)).toBe(true);
    await expectGroundedReply(knowledge.db, reply);
    expect((await storedMessages(knowledge.db, 'web:sse-llm-3')).at(-1)).toMatchObject({ role: 'bot', text: reply.text });
  });
});
