/**
 * Shared set-up for the bot/llm tests: one fake OpenAI server, ChatModels pointed at it with instant retry waits, and
 * a guard that fails any fetch leaving 127.0.0.1 (LangChain's tiktoken download would be one).
 */
import { expect, vi } from 'vitest';
import type { OpenAIConfig } from '../../../../config/env.js';
import { ChatModelError, createChatModel, type ChatModel, type ChatModelOptions } from '../../../../bot/llm/index.js';
import { startFakeOpenAI, type FakeOpenAI, type RecordedRequest } from '../../../fakes/fake-openai-server.js';

export interface LlmHarness {
  fake: FakeOpenAI;
  /** Retry waits the models asked for (they are not actually waited). */
  sleeps: number[];
  /** URLs of fetches that tried to leave 127.0.0.1 (they were refused). */
  outsideFetches: string[];
  /** How many fetches to 127.0.0.1 went through the guard (proves the guard sees the client's traffic). */
  localFetches(): number;
  model(options?: ChatModelOptions, config?: Partial<OpenAIConfig>): ChatModel;
  chatRequests(): RecordedRequest[];
  /** Stops the fake and removes the guard; fails (in afterAll) if any fetch tried to leave 127.0.0.1. */
  close(): Promise<void>;
}

/** Starts the fake and installs the fetch guard. Call in beforeAll; call close() in afterAll. */
export async function startLlmHarness(): Promise<LlmHarness> {
  const outsideFetches: string[] = [];
  let localFetches = 0;
  const realFetch = globalThis.fetch;
  const spy = vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (new URL(url).hostname !== '127.0.0.1') {
      outsideFetches.push(url);
      return Promise.reject(new Error(`test refused a request to ${url}`));
    }
    localFetches += 1;
    return realFetch(input, init);
  });
  const fake = await startFakeOpenAI();
  const sleeps: number[] = [];
  return {
    fake,
    sleeps,
    outsideFetches,
    localFetches: () => localFetches,
    model: (options = {}, config = {}) =>
      createChatModel(
        { apiKey: 'test-key', baseURL: fake.baseURL, chatModel: 'gpt-4o-mini', timeoutMs: 2_000, ...config },
        {
          sleep: async (ms) => {
            sleeps.push(ms);
          },
          ...options,
        },
      ),
    chatRequests: () => fake.requestsTo('/v1/chat/completions'),
    close: async () => {
      spy.mockRestore();
      await fake.close();
      expect(outsideFetches, 'requests that tried to leave 127.0.0.1').toEqual([]);
    },
  };
}

/** The messages of a recorded chat request. */
export function requestMessages(request: RecordedRequest | undefined): Array<{ role: string; content: string }> {
  return ((request?.body as { messages?: Array<{ role: string; content: string }> } | undefined)?.messages ?? []);
}

/** Awaits a promise expected to reject with a ChatModelError and returns it. */
export async function chatModelError(promise: Promise<unknown>): Promise<ChatModelError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ChatModelError);
  return error as ChatModelError;
}

/**
 * Problems OpenAI's strict structured outputs would reject in a JSON schema (the fake accepts anything): an object
 * whose `required` misses one of its properties, or a `default` keyword. Empty when the schema is acceptable.
 */
export function strictSchemaProblems(schema: unknown, path = '$'): string[] {
  if (Array.isArray(schema)) return schema.flatMap((item, index) => strictSchemaProblems(item, `${path}[${index}]`));
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as Record<string, unknown>;
  const problems: string[] = [];
  if ('default' in node) problems.push(`${path}: default`);
  if (node.type === 'object' && typeof node.properties === 'object' && node.properties !== null) {
    const required = Array.isArray(node.required) ? node.required : [];
    for (const key of Object.keys(node.properties)) {
      if (!required.includes(key)) problems.push(`${path}: ${key} not required`);
    }
  }
  for (const [key, value] of Object.entries(node)) problems.push(...strictSchemaProblems(value, `${path}.${key}`));
  return problems;
}

/** The JSON schema a recorded structured-output request sent. */
export function sentJsonSchema(request: RecordedRequest | undefined): unknown {
  return (request?.body as { response_format?: { json_schema?: { schema?: unknown } } } | undefined)?.response_format
    ?.json_schema?.schema;
}
