/**
 * Turns whatever the openai SDK / LangChain threw into a ChatModelError, and says whether trying again could help
 * (reading the failure itself: knowledge/openai/describe-openai-failure.ts, shared with the embedder).
 */
import { describeOpenAIFailure } from '../../knowledge/index.js';
import { ChatModelError, isChatModelError } from './chat-model-error.js';

/** Where the request went, for the messages. */
export interface LlmErrorContext {
  baseURL: string;
  model: string;
}

export interface LlmFailureVerdict {
  error: ChatModelError;
  retryable: boolean;
  /** Server-requested wait (retry-after), when it sent one. */
  retryAfterMs?: number;
}

/** Classifies one failed chat request. */
export function classifyLlmError(error: unknown, context: LlmErrorContext): LlmFailureVerdict {
  if (isChatModelError(error)) return { error, retryable: false };
  const failure = describeOpenAIFailure(error);
  const { status, detail, networkCode: code } = failure;
  const where = `${context.baseURL} (model "${context.model}")`;
  const verdict = (errorCode: ConstructorParameters<typeof ChatModelError>[0], message: string): LlmFailureVerdict => ({
    retryable: failure.retryable,
    ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
    error: new ChatModelError(errorCode, message, { cause: error, status }),
  });

  switch (failure.kind) {
    case 'unauthorized':
      return verdict('llm.unauthorized', `The chat model at ${where} rejected the API key (${status}): check OPENAI_API_KEY.`);
    case 'quota':
      return verdict('llm.rate_limited', `The chat model account at ${where} has no quota left (429): check billing for OPENAI_API_KEY.`);
    case 'rate_limited':
      return verdict('llm.rate_limited', `The chat model at ${where} is rate-limiting requests (429).`);
    case 'timeout':
      return verdict('llm.timeout', `The chat model at ${where} did not answer in time.`);
    case 'server_error':
      return verdict('llm.unavailable', `The chat model at ${where} failed (${status}): ${oneLine(detail)}`);
    case 'refused':
      return status === 404
        ? verdict('llm.unavailable', `The chat model at ${where} was not found (404): check CHAT_MODEL and OPENAI_BASE_URL.`)
        : verdict('llm.bad_response', `The chat model at ${where} refused the request (${status}): ${oneLine(detail)}`);
    case 'unknown_host':
    case 'unreachable':
      return verdict('llm.unavailable', `Could not reach the chat model at ${context.baseURL}${code ? ` (${code})` : ''}.`);
    case 'other':
      // The server answered, but the answer could not be used (invalid JSON, schema mismatch, refusal, truncated
      // structured output).
      return verdict('llm.bad_response', `The chat model at ${where} gave an unusable answer: ${oneLine(detail)}`);
  }
}

/** First line, at most 200 characters: provider messages can quote the model's whole answer. */
function oneLine(text: string): string {
  const line = text.split('\n')[0]!.trim();
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}
