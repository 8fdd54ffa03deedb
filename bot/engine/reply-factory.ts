import { randomUUID } from 'node:crypto';
import { suggestedActions } from '../answer/index.js';
import type { AnswerMode, BotReply, Intent, Language } from '../messages.js';

/** A reply that is a message, not an answer (greeting, decline, notice): no citations, confidence 0. */
export function simpleReply(input: {
  conversationId: string;
  language: Language;
  intent: Intent;
  text: string;
  mode: AnswerMode;
  notices?: string[];
  offerAdviser?: boolean;
  feedback?: boolean;
}): BotReply {
  return {
    replyId: randomUUID(),
    conversationId: input.conversationId,
    language: input.language,
    intent: input.intent,
    mode: input.mode,
    text: input.text,
    citations: [],
    cases: [],
    actions: suggestedActions(input.language, {
      offerAdviser: input.offerAdviser ?? false,
      feedback: input.feedback ?? false,
    }),
    confidence: 0,
    escalationOffered: input.offerAdviser ?? false,
    notices: input.notices ?? [],
  };
}
