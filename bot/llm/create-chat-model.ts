/**
 * The ChatModel adapter for OpenAI and OpenAI-compatible servers (OPENAI_BASE_URL), built on `ChatOpenAI` from
 * @langchain/openai. LangChain types stay inside this file.
 *
 * Deliberate choices:
 * - `maxRetries: 0` on the client, retries in `retryWithinDeadline`: short, injectable delays and one overall deadline.
 * - `complete` is one non-streamed request, `stream` LangChain's `stream()`. `streaming` is left unset: `streaming:
 *   false` would also turn `stream()` into one whole answer (LangChain's `disableStreaming`).
 * - No token counting: LangChain's token estimates download tiktoken data from the internet. Token counts come from
 *   the server's `usage` only: in the answer of `complete`, and for `stream` in the final usage chunk we ask for
 *   with `stream_options: { include_usage: true }`.
 * - `temperature: 0`: answers should be reproducible and stick to the sources.
 * - LangChain is imported on the first call, not at start-up: it costs ~40 MB of memory that a bot running on the
 *   extractive composer (no API key) never needs.
 */
import type { ChatOpenAI } from '@langchain/openai';
import type { BaseMessage } from '@langchain/core/messages';
import type { ZodType } from 'zod';
import type { OpenAIConfig } from '../../config/env.js';
import type { AIMessageChunk } from '@langchain/core/messages';
import type { ChatCallOptions, ChatMessage, ChatModel, ChatUsage } from './chat-model.js';
import { ChatModelError } from './chat-model-error.js';
import { classifyLlmError, type LlmErrorContext } from './classify-llm-error.js';
import { retryWithinDeadline, type LlmRetryPolicy } from './retry-within-deadline.js';
import { streamWithinDeadline } from './stream-within-deadline.js';

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
        reportUsage(reply, opts);
        return replyText(reply, context);
      }, opts);
    },

    async *stream(messages: ChatMessage[], opts?: ChatCallOptions): AsyncGenerator<string> {
      await load();
      yield* streamWithinDeadline(
        async function* (signal) {
          const { client, messages: lc } = await load();
          const chunks = await client.stream(toLangChain(lc, messages), { signal, stream_options: { include_usage: true } });
          let written = false;
          let filtered = false;
          for await (const chunk of chunks) {
            reportUsage(chunk, opts);
            if ((chunk.response_metadata as { finish_reason?: unknown } | undefined)?.finish_reason === 'content_filter') filtered = true;
            const text = contentText(chunk.content);
            if (text !== '') written = true;
            yield text;
          }
          if (filtered) {
            throw new ChatModelError('llm.bad_response', `The chat model at ${context.baseURL} withheld its answer (content filter).`);
          }
          if (!written) throw new ChatModelError('llm.bad_response', `The chat model at ${context.baseURL} returned an empty answer.`);
        },
        (error) => classifyLlmError(error, context),
        { budgetMs: timeoutMs, signal: opts?.signal, where: `${context.baseURL} (model "${context.model}")` },
        options,
      );
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

/** The text of a message's content (a string, or text parts). */
function contentText(content: BaseMessage['content']): string {
  return typeof content === 'string'
    ? content
    : content.map((part) => (typeof part === 'object' && part !== null && 'text' in part ? String(part.text) : '')).join('');
}

/** Passes the server's token counts on, when it sent any (LangChain puts them in `usage_metadata`). */
function reportUsage(message: BaseMessage | AIMessageChunk, opts: ChatCallOptions | undefined): void {
  const usage = (message as { usage_metadata?: { input_tokens?: number; output_tokens?: number; total_tokens?: number } }).usage_metadata;
  if (!opts?.onUsage || usage?.input_tokens === undefined || usage.output_tokens === undefined) return;
  const counts: ChatUsage = {
    inputTokens: usage.input_tokens,
    outputTokens: usage.output_tokens,
    totalTokens: usage.total_tokens ?? usage.input_tokens + usage.output_tokens,
  };
  opts.onUsage(counts);
}

/** The reply's text; an empty or filtered reply is unusable. */
function replyText(reply: BaseMessage, context: LlmErrorContext): string {
  const text = contentText(reply.content);
  if ((reply.response_metadata as { finish_reason?: unknown } | undefined)?.finish_reason === 'content_filter') {
    throw new ChatModelError('llm.bad_response', `The chat model at ${context.baseURL} withheld its answer (content filter).`);
  }
  if (text.trim() === '') {
    throw new ChatModelError('llm.bad_response', `The chat model at ${context.baseURL} returned an empty answer.`);
  }
  return text;
}
