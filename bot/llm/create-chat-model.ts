/**
 * The ChatModel adapter for OpenAI and OpenAI-compatible servers (OPENAI_BASE_URL), built on `ChatOpenAI` from
 * @langchain/openai. LangChain types stay inside this file.
 *
 * Deliberate choices:
 * - `maxRetries: 0` on the client, retries in `retryWithinDeadline`: short, injectable delays and one overall deadline.
 * - `streaming: false`, and no token counting: LangChain's token estimates download tiktoken data from the internet
 *   (the non-streaming path takes token counts from the server's `usage` instead).
 * - `temperature: 0`: answers should be reproducible and stick to the sources.
 * - LangChain is imported on the first call, not at start-up: it costs ~40 MB of memory that a bot running on the
 *   extractive composer (no API key) never needs.
 */
import type { ChatOpenAI } from '@langchain/openai';
import type { BaseMessage } from '@langchain/core/messages';
import type { ZodType } from 'zod';
import type { OpenAIConfig } from '../../config/env.js';
import type { ChatCallOptions, ChatMessage, ChatModel } from './chat-model.js';
import { ChatModelError } from './chat-model-error.js';
import { classifyLlmError, type LlmErrorContext } from './classify-llm-error.js';
import { retryWithinDeadline, type LlmRetryPolicy } from './retry-within-deadline.js';

export interface ChatModelOptions extends LlmRetryPolicy {
  /** Total time per call, retries and waits included (default: config.timeoutMs). */
  timeoutMs?: number;
}

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/**
 * Creates the chat model. Makes no request until called.
 * @throws ChatModelError 'llm.unauthorized' when the config has no API key.
 */
export function createChatModel(config: OpenAIConfig, options: ChatModelOptions = {}): ChatModel {
  if (!config.apiKey) {
    throw new ChatModelError('llm.unauthorized', 'No API key for the chat model: set OPENAI_API_KEY.');
  }
  const timeoutMs = options.timeoutMs ?? config.timeoutMs;
  const context: LlmErrorContext = { baseURL: config.baseURL ?? DEFAULT_BASE_URL, model: config.chatModel };
  const apiKey = config.apiKey;
  let langChain: Promise<LangChain> | undefined;
  const load = (): Promise<LangChain> =>
    (langChain ??= Promise.all([import('@langchain/openai'), import('@langchain/core/messages')]).then(([openai, messages]) => ({
      client: new openai.ChatOpenAI({
        apiKey,
        model: config.chatModel,
        temperature: 0,
        streaming: false,
        maxRetries: 0,
        timeout: timeoutMs,
        configuration: config.baseURL ? { baseURL: config.baseURL } : undefined,
      }),
      messages,
    })));

  const run = async <T>(attempt: (signal: AbortSignal) => Promise<T>, opts?: ChatCallOptions) => {
    // LangChain's first import takes seconds on a busy machine; that is not the model's time, so the deadline starts after it.
    await load();
    return retryWithinDeadline(
      attempt,
      (error) => classifyLlmError(error, context),
      { budgetMs: timeoutMs, signal: opts?.signal, where: `${context.baseURL} (model "${context.model}")` },
      options,
    );
  };

  return {
    modelId: `openai:${config.chatModel}`,

    complete(messages: ChatMessage[], opts?: ChatCallOptions): Promise<string> {
      return run(async (signal) => {
        const { client, messages: lc } = await load();
        const reply = await client.invoke(toLangChain(lc, messages), { signal });
        return replyText(reply, context);
      }, opts);
    },

    structured<T>(schema: ZodType<T>, messages: ChatMessage[], opts?: ChatCallOptions): Promise<T> {
      // The cast only bridges zod's and LangChain's generic signatures; the result is validated below.
      let runnable: ReturnType<ChatOpenAI['withStructuredOutput']> | undefined;
      return run(async (signal) => {
        const { client, messages: lc } = await load();
        runnable ??= client.withStructuredOutput(schema as unknown as ZodType<Record<string, unknown>>);
        const raw: unknown = await runnable.invoke(toLangChain(lc, messages), { signal });
        const parsed = schema.safeParse(raw);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new ChatModelError(
            'llm.bad_response',
            `The chat model at ${context.baseURL} returned JSON that does not match the schema` +
              (issue ? ` (${issue.path.join('.') || 'root'}: ${issue.message})` : '') + '.',
          );
        }
        return parsed.data;
      }, opts);
    },
  };
}

interface LangChain {
  client: ChatOpenAI;
  messages: typeof import('@langchain/core/messages');
}

function toLangChain(lc: LangChain['messages'], messages: ChatMessage[]): BaseMessage[] {
  return messages.map((message) => {
    if (message.role === 'system') return new lc.SystemMessage(message.content);
    if (message.role === 'assistant') return new lc.AIMessage(message.content);
    return new lc.HumanMessage(message.content);
  });
}

/** The reply's text; an empty or filtered reply is unusable. */
function replyText(reply: BaseMessage, context: LlmErrorContext): string {
  const content = reply.content;
  const text =
    typeof content === 'string'
      ? content
      : content
          .map((part) => (typeof part === 'object' && part !== null && 'text' in part ? String(part.text) : ''))
          .join('');
  if ((reply.response_metadata as { finish_reason?: unknown } | undefined)?.finish_reason === 'content_filter') {
    throw new ChatModelError('llm.bad_response', `The chat model at ${context.baseURL} withheld its answer (content filter).`);
  }
  if (text.trim() === '') {
    throw new ChatModelError('llm.bad_response', `The chat model at ${context.baseURL} returned an empty answer.`);
  }
  return text;
}
