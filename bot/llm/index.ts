/**
 * The language-model side of the bot: a provider-neutral ChatModel port, its OpenAI adapter, and the tasks built on
 * it (grounded answers with checked citations, intent classification, follow-up rewriting, hand-off summaries).
 * Used only when OPENAI_API_KEY is set; every task throws ChatModelError on failure so the engine can fall back.
 */
export type { ChatCallOptions, ChatMessage, ChatModel, ChatRole, ChatUsage } from './chat-model.js';
export { ChatModelError, isChatModelError, type ChatModelErrorCode } from './chat-model-error.js';
export { createChatModel, type ChatModelOptions } from './create-chat-model.js';
export { DEFAULT_LLM_RETRY_POLICY, type LlmRetryPolicy } from './retry-within-deadline.js';
export { checkCitations, type CitationCheck } from './check-citations.js';
export { generateGroundedAnswer, streamGroundedAnswer, type GroundedAnswer } from './generate-grounded-answer.js';
export {
  buildGroundedAnswerMessages,
  groundedAnswerSystemPrompt,
  type GroundedAnswerInput,
} from './grounded-answer-prompt.js';
export { formatSourceBlock, stripSourceTags, type PromptSource } from './source-block.js';
export { classifyIntent, INTENTS, type IntentClassification } from './classify-intent.js';
export { rewriteFollowUp, type FollowUpInput } from './rewrite-follow-up.js';
export { summariseConversation, type TranscriptTurn } from './summarise-conversation.js';
