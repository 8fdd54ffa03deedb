/**
 * ChatModel.stream against the fake OpenAI server: pieces as they arrive, token usage from the server's usage chunk,
 * retries only before the first piece, and every failure (also mid-stream) a ChatModelError.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatCallOptions, ChatModel, ChatUsage } from '../../../../bot/llm/index.js';
import { errorReply, rateLimitReply } from '../../../fakes/fake-openai-server.js';
import { chatModelError, startLlmHarness, type LlmHarness } from './llm-test-harness.js';

const MESSAGES = [{ role: 'user' as const, content: 'Hvem har prøvet hverdagsrehabilitering?' }];

async function collect(model: ChatModel, opts?: ChatCallOptions): Promise<string[]> {
  const pieces: string[] = [];
  for await (const piece of model.stream(MESSAGES, opts)) pieces.push(piece);
  return pieces;
}

describe('ChatModel.stream', () => {
  let h: LlmHarness;
  beforeAll(async () => {
    h = await startLlmHarness();
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => h.fake.reset());

  it('should yield the answer in pieces, in order, when the server streams it', async () => {
    h.fake.queueChat({ content: 'Fredericia Kommune var først [1].' });
    const pieces = await collect(h.model());
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe('Fredericia Kommune var først [1].');
    expect(h.chatRequests()[0]!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('should report the token usage of the server usage chunk, not an estimate', async () => {
    h.fake.queueChat({ content: 'Fredericia Kommune var først [1].', usage: { prompt_tokens: 1234, completion_tokens: 56 } });
    const usages: ChatUsage[] = [];
    await collect(h.model(), { onUsage: (usage) => usages.push(usage) });
    expect(usages).toEqual([{ inputTokens: 1234, outputTokens: 56, totalTokens: 1290 }]);
    expect(h.outsideFetches).toEqual([]);
  });

  it('should report the token usage of a whole answer from complete too', async () => {
    h.fake.queueChat({ content: 'Fredericia Kommune var først [1].', usage: { prompt_tokens: 321, completion_tokens: 9 } });
    const usages: ChatUsage[] = [];
    await h.model().complete(MESSAGES, { onUsage: (usage) => usages.push(usage) });
    expect(usages).toEqual([{ inputTokens: 321, outputTokens: 9, totalTokens: 330 }]);
  });

  it('should retry before the first piece when the server first answers 429', async () => {
    h.fake.queueChat(rateLimitReply(0), { content: 'Svar efter en ny chance [1].' });
    expect((await collect(h.model())).join('')).toBe('Svar efter en ny chance [1].');
    expect(h.chatRequests()).toHaveLength(2);
  });

  it('should fail with llm.unavailable after the retries when the server keeps answering 500', async () => {
    h.fake.onChat(() => errorReply(500));
    const error = await chatModelError(collect(h.model()));
    expect(error.code).toBe('llm.unavailable');
    expect(h.chatRequests()).toHaveLength(3);
  });

  it.each(['drop', 'error'] as const)('should throw a ChatModelError after the first pieces and not retry when the stream breaks off (%s)', async (how) => {
    h.fake.queueChat({ content: 'Et to tre fire fem seks syv.', failAfterTokens: { tokens: 3, how } }, { content: 'Et andet svar.' });
    const pieces: string[] = [];
    const error = await chatModelError(
      (async () => {
        for await (const piece of h.model().stream(MESSAGES)) pieces.push(piece);
      })(),
    );
    expect(pieces.join('')).toBe('Et to tre ');
    expect(error.message).not.toContain('\n');
    expect(h.chatRequests()).toHaveLength(1);
  });

  it('should fail with llm.bad_response when the stream ends without text', async () => {
    h.fake.queueChat({ content: '' });
    expect((await chatModelError(collect(h.model()))).code).toBe('llm.bad_response');
  });

  it('should fail with llm.timeout at the deadline when the tokens come too slowly', async () => {
    h.fake.queueChat({ content: 'Et to tre fire fem seks syv otte.', tokenDelayMs: 150 });
    const pieces: string[] = [];
    const error = await chatModelError(
      (async () => {
        for await (const piece of h.model({}, { timeoutMs: 400 }).stream(MESSAGES)) pieces.push(piece);
      })(),
    );
    expect(error.code).toBe('llm.timeout');
    expect(pieces.length).toBeGreaterThan(0);
    expect(pieces.join('')).not.toBe('Et to tre fire fem seks syv otte.');
  });

  it('should end the request when the caller stops reading', async () => {
    h.fake.queueChat({ content: 'Et to tre fire fem seks syv otte ni ti.', tokenDelayMs: 20 });
    const pieces: string[] = [];
    for await (const piece of h.model().stream(MESSAGES)) {
      pieces.push(piece);
      if (pieces.length === 2) break;
    }
    expect(pieces.join('')).toBe('Et to ');
  });

  it('should fail with llm.timeout when the caller aborts mid-stream', async () => {
    h.fake.queueChat({ content: 'Et to tre fire fem seks syv otte ni ti.', tokenDelayMs: 20 });
    const controller = new AbortController();
    const error = await chatModelError(
      (async () => {
        let count = 0;
        for await (const _piece of h.model().stream(MESSAGES, { signal: controller.signal })) {
          if (++count === 2) controller.abort();
        }
      })(),
    );
    expect(error.code).toBe('llm.timeout');
    expect(error.message).toContain('cancelled');
  });
});
