/**
 * Engine.streamMessage with the real engine on both databases: the events in order in llm mode (the model's text as
 * the fake OpenAI server streams it) and in extractive mode (one piece), a citation shown while streaming and gone
 * from the final reply, a model failure mid-stream ending in the extractive answer with the notice, leaked source
 * tags never shown, the user's language for the status lines, and token usage taken from the server's usage chunk.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createChatModel, replyTexts, type ChatModel, type Engine } from '../../bot/index.js';
import type { IncomingMessage } from '../../bot/messages.js';
import type { ReplyEvent } from '../../bot/reply-events.js';
import type { KnowledgeBase } from '../../knowledge/index.js';
import type { FakeReply } from '../fakes/fake-openai-server.js';
import { startLlmHarness, type LlmHarness } from '../unit/bot/llm/llm-test-harness.js';
import { engineOn, expectGroundedReply, openEngineKnowledge, publicUser, storedMessages, type RecordingLogger } from '../support/engine-harness.js';
import { testDatabases } from '../support/test-databases.js';

const da = replyTexts('da');
const en = replyTexts('en');
const QUESTION = 'Hvilke kommuner har arbejdet med hverdagsrehabilitering?';

function message(text: string): IncomingMessage {
  return { channel: 'test', conversationId: `conv-${randomUUID()}`, threadId: 'thread-1', user: publicUser(), text };
}

async function events(engine: Engine, incoming: IncomingMessage): Promise<ReplyEvent[]> {
  const seen: ReplyEvent[] = [];
  for await (const event of engine.streamMessage(incoming)) seen.push(event);
  return seen;
}

const kinds = (seen: ReplyEvent[]) => seen.map((event) => (event.type === 'status' ? `status:${event.stage}` : event.type));
const streamedText = (seen: ReplyEvent[]) => seen.map((event) => (event.type === 'text' ? event.delta : '')).join('');
const finalOf = (seen: ReplyEvent[]) => {
  const last = seen.at(-1)!;
  if (last.type !== 'reply') throw new Error(`the last event is ${last.type}, not the reply`);
  return last.reply;
};

describe.each(testDatabases)('the engine streams its answers on $name', (target) => {
  let knowledge: KnowledgeBase;
  let h: LlmHarness;
  let chatModel: ChatModel;

  beforeAll(async () => {
    [knowledge, h] = await Promise.all([openEngineKnowledge(target), startLlmHarness()]);
    chatModel = createChatModel({ apiKey: 'test', baseURL: h.fake.baseURL, chatModel: 'gpt-test', timeoutMs: 5_000 }, { baseDelayMs: 1, maxDelayMs: 5 });
  });
  afterAll(async () => {
    await h?.close();
    await knowledge?.close();
  });
  beforeEach(() => h.fake.reset());

  /** Classification requests get case_lookup; the answer request gets `answer`. */
  function script(answer: FakeReply): void {
    h.fake.onChat((request) => (request.body.response_format ? { json: { intent: 'case_lookup', filters: null } } : answer));
  }
  const llmEngine = (): { engine: Engine; logger: RecordingLogger } => engineOn(knowledge, { chatModel });

  it('should yield searching, writing, the model text in pieces and then the stored final reply in llm mode', async () => {
    const text = 'Fredericia Kommune tilbyder et forløb med hverdagsrehabilitering [1]. København skrev det ind i kvalitetsstandarderne [2].';
    script({ content: text });
    const { engine } = llmEngine();
    const incoming = message(QUESTION);
    const seen = await events(engine, incoming);

    const order = kinds(seen);
    expect(order.slice(0, 2)).toEqual(['status:searching', 'status:writing']);
    expect(order.slice(2, -1).every((kind) => kind === 'text')).toBe(true);
    expect(order.filter((kind) => kind === 'text').length).toBeGreaterThan(5);
    expect(order.at(-1)).toBe('reply');
    expect(seen.slice(0, 2)).toEqual([
      { type: 'status', stage: 'searching', text: da.searchingStatus() },
      { type: 'status', stage: 'writing', text: da.writingStatus() },
    ]);
    expect(streamedText(seen)).toBe(text);
    const reply = finalOf(seen);
    expect(reply).toMatchObject({ mode: 'llm', text, notices: [] });
    await expectGroundedReply(knowledge.db, reply);
    const stored = await storedMessages(knowledge.db, `test:${incoming.conversationId}:thread-1`);
    expect(stored.at(-1)).toMatchObject({ role: 'bot', text });
  });

  it('should yield searching, writing, the whole text as one piece and the reply in extractive mode', async () => {
    const { engine } = engineOn(knowledge);
    const seen = await events(engine, message(QUESTION));
    expect(kinds(seen)).toEqual(['status:searching', 'status:writing', 'text', 'reply']);
    const reply = finalOf(seen);
    expect(reply.mode).toBe('extractive');
    expect(streamedText(seen)).toBe(reply.text);
    expect(h.chatRequests()).toHaveLength(0);
  });

  it('should give handleMessage the same final reply that the stream ends with', async () => {
    const { engine } = engineOn(knowledge);
    const handled = await engine.handleMessage(message(QUESTION));
    const streamed = finalOf(await events(engine, message(QUESTION)));
    expect({ ...handled, replyId: '', conversationId: '' }).toEqual({ ...streamed, replyId: '', conversationId: '' });
  });

  it('should show a citation to a source that was not retrieved while streaming and remove it from the final reply', async () => {
    script({ content: 'Fredericia Kommune var først med hverdagsrehabilitering [1]. Det sparede 40 % [9].' });
    const seen = await events(llmEngine().engine, message(QUESTION));
    expect(streamedText(seen)).toContain('[9]');
    const reply = finalOf(seen);
    expect(reply.text).toBe('Fredericia Kommune var først med hverdagsrehabilitering [1]. Det sparede 40 %.');
    expect(reply.citations).toHaveLength(1);
  });

  it.each(['drop', 'error'] as const)(
    'should end with the extractive answer and the fallback notice, never the half answer, when the model stream breaks off (%s)',
    async (how) => {
      const half = 'Fredericia Kommune var først med hverdagsrehabilitering [1]. Derefter fulgte mange andre kommuner efter [2].';
      script({ content: half, failAfterTokens: { tokens: 4, how } });
      const { engine, logger } = llmEngine();
      const incoming = message(QUESTION);
      const seen = await events(engine, incoming);

      expect(streamedText(seen)).toBe('Fredericia Kommune var først ');
      const reply = finalOf(seen);
      expect(reply).toMatchObject({ mode: 'extractive', notices: [da.modelFallback()] });
      expect(reply.text.startsWith(da.framing.caseLookupIntro)).toBe(true);
      await expectGroundedReply(knowledge.db, reply);
      const stored = await storedMessages(knowledge.db, `test:${incoming.conversationId}:thread-1`);
      expect(stored.at(-1)).toMatchObject({ role: 'bot', text: reply.text });
      expect(logger.at('warn').map((entry) => entry.message)).toContain('the model failed; falling back to the extractive answer');
    },
  );

  it('should never show a leaked source tag while streaming', async () => {
    script({ content: '<source n="1" title="Hverdagsrehabilitering">Fredericia Kommune var først [1].</source> <sources>' });
    const seen = await events(llmEngine().engine, message(QUESTION));
    const shown = seen.filter((event) => event.type === 'text').map((event) => (event.type === 'text' ? event.delta : ''));
    expect(shown.join('')).not.toMatch(/<|source/);
    expect(shown.join('')).toContain('Fredericia Kommune var først [1].');
    expect(finalOf(seen).text).toBe('Fredericia Kommune var først [1].');
  });

  it('should write the status lines in English when the user writes English', async () => {
    const seen = await events(engineOn(knowledge).engine, message('Which municipalities have worked with everyday rehabilitation?'));
    expect(seen[0]).toEqual({ type: 'status', stage: 'searching', text: en.searchingStatus() });
  });

  it('should yield the text of a reply that is not an answer as one piece before it', async () => {
    const seen = await events(engineOn(knowledge).engine, message(''));
    const reply = finalOf(seen);
    expect(seen).toEqual([{ type: 'text', delta: da.emptyMessage() }, { type: 'reply', reply }]);
  });

  it('should log the token usage the server reported in its usage chunk', async () => {
    script({ content: 'Fredericia Kommune var først [1].', usage: { prompt_tokens: 777, completion_tokens: 11 } });
    const { engine, logger } = llmEngine();
    await events(engine, message(QUESTION));
    expect(h.chatRequests().at(-1)!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(logger.at('debug').filter((entry) => entry.message === 'model usage').map((entry) => entry.details)).toEqual([
      { model: 'openai:gpt-test', inputTokens: 777, outputTokens: 11, totalTokens: 788 },
    ]);
  });

  it('should stop the model and still store the finished answer when the caller aborts mid-stream', async () => {
    script({ content: 'Et to tre fire fem seks syv otte ni ti elleve tolv [1].', tokenDelayMs: 30 });
    const { engine } = llmEngine();
    const controller = new AbortController();
    const incoming = message(QUESTION);
    const seen: ReplyEvent[] = [];
    for await (const event of engine.streamMessage(incoming, { signal: controller.signal })) {
      seen.push(event);
      if (event.type === 'text' && seen.filter((e) => e.type === 'text').length === 2) controller.abort();
    }
    const reply = finalOf(seen);
    expect(reply).toMatchObject({ mode: 'extractive', notices: [da.modelFallback()] });
    expect(streamedText(seen)).not.toContain('tolv');
    const stored = await storedMessages(knowledge.db, `test:${incoming.conversationId}:thread-1`);
    expect(stored.at(-1)).toMatchObject({ role: 'bot', text: reply.text });
  });
});
