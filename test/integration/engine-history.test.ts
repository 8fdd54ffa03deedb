/**
 * The thread's earlier messages are read for the model only: an extractive follow-up answers without that query
 * (one database round trip less on every follow-up), and a model still gets them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatMessage, ChatModel } from '../../bot/llm/index.js';
import { listMessages } from '../../bot/store/conversation-store.js';
import type { KnowledgeBase } from '../../knowledge/index.js';
import { engineOn, openEngineKnowledge, startChat } from '../support/engine-harness.js';
import { testDatabases } from '../support/test-databases.js';

vi.mock('../../bot/store/conversation-store.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../bot/store/conversation-store.js')>();
  return { ...original, listMessages: vi.fn(original.listMessages) };
});

const QUESTION = 'Hvilke kommuner har arbejdet med hverdagsrehabilitering?';
const FOLLOW_UP = 'Fortæl mere om nummer 1';

/** A model that answers every question citing source 1, and records what it was sent. */
function recordingModel(): ChatModel & { answered: ChatMessage[][] } {
  const answered: ChatMessage[][] = [];
  return {
    modelId: 'fake:recording',
    answered,
    async complete(messages) {
      answered.push(messages);
      return 'Se kilden [1].';
    },
    async *stream(messages) {
      answered.push(messages);
      yield 'Se kilden [1].';
    },
    // Intent classification and follow-up rewriting: the first of these that the schema accepts.
    async structured(schema, messages) {
      const last = messages.filter((message) => message.role === 'user').at(-1)?.content ?? '';
      for (const candidate of [{ intent: 'case_lookup', filters: null }, { standalone: last }]) {
        const parsed = schema.safeParse(candidate);
        if (parsed.success) return parsed.data;
      }
      throw new Error('the fake model has no answer for this schema');
    },
  };
}

describe.each(testDatabases)('the thread history on $name', (target) => {
  let knowledge: KnowledgeBase;

  beforeAll(async () => {
    knowledge = await openEngineKnowledge(target);
  });
  afterAll(async () => knowledge?.close());
  beforeEach(() => {
    vi.mocked(listMessages).mockClear();
  });

  it('should answer an extractive follow-up without reading the earlier messages', async () => {
    const chat = startChat(engineOn(knowledge).engine);
    await chat.say(QUESTION);
    const reply = await chat.say(FOLLOW_UP);

    expect(reply.mode).toBe('extractive');
    expect(reply.citations.length).toBeGreaterThan(0);
    // The call count, not toHaveBeenCalled: a failure would print the calls' arguments, the whole database object.
    expect(vi.mocked(listMessages).mock.calls.length).toBe(0);
  });

  it('should give the model the earlier question and answer of the thread', async () => {
    const chatModel = recordingModel();
    const chat = startChat(engineOn(knowledge, { chatModel }).engine);
    await chat.say(QUESTION);
    await chat.say(FOLLOW_UP);

    expect(vi.mocked(listMessages).mock.calls.length).toBeGreaterThan(0);
    const second = chatModel.answered.at(-1)!;
    expect(second.some((message) => message.role === 'user' && message.content === QUESTION)).toBe(true);
    expect(second.some((message) => message.role === 'assistant' && message.content.includes('Se kilden'))).toBe(true);
  });
});
