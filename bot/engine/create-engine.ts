/**
 * The channel-agnostic conversation engine behind every adapter.
 */
import { replyTexts } from '../answer/index.js';
import type { Engine, FeedbackInput, FeedbackResult } from '../engine-port.js';
import { upsertFeedback, recordGap } from '../store/feedback-store.js';
import { getMessage } from '../store/conversation-store.js';
import type { EngineOptions } from './engine-options.js';
import { engineHealth } from './engine-health.js';
import { handleMessage, streamMessage } from './handle-message.js';
import { requestAdviserReply } from './request-adviser.js';

export function createEngine(options: EngineOptions): Engine {
  return {
    handleMessage: (message) => handleMessage(options, message),
    streamMessage: (message, streamOptions) => streamMessage(options, message, streamOptions?.signal),
    requestAdviser: (request) => requestAdviserReply(options, request),
    recordFeedback: (input) => recordFeedback(options, input),
    health: () => engineHealth(options),
  };
}

async function recordFeedback(options: EngineOptions, input: FeedbackInput): Promise<FeedbackResult> {
  const db = options.knowledge.db;
  const reply = await getMessage(db, input.replyId);
  if (!reply || reply.role !== 'bot') {
    return { ok: false, reason: 'unknown_reply', message: replyTexts('da').unexpectedError() };
  }
  const language = reply.turn?.language ?? 'da';
  await upsertFeedback(db, { messageId: reply.id, userId: input.userId, channel: input.channel, value: input.value, comment: input.comment });
  if (input.value === 'down') {
    await recordGap(db, {
      conversationId: reply.conversationId,
      messageId: reply.id,
      question: reply.turn?.resolvedQuestion ?? reply.text.slice(0, 300),
      reason: 'thumbs_down',
      confidence: reply.confidence,
      language,
    });
  }
  return { ok: true, offerAdviser: input.value === 'down', message: replyTexts(language).feedbackThanks(input.value) };
}
