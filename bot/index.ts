/** The channel-agnostic conversation engine: IncomingMessage in, BotReply out. */
export type * from './messages.js';
export { finalReply, type ReplyEvent, type ReplyStage } from './reply-events.js';
export type { Engine, FeedbackInput, FeedbackResult, AdviserRequest, HealthReport } from './engine-port.js';
export type { PreviousTurn } from './conversation-turn.js';
export { createEngine } from './engine/create-engine.js';
export type { EngineOptions } from './engine/engine-options.js';
export { createChatModel, type ChatModel } from './llm/index.js';
export { replyTexts } from './answer/index.js';
