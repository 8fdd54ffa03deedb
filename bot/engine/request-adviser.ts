/**
 * The user asks for a person (button or words), or accepts the offer after a low-confidence answer or a 👎: open
 * (or find) the conversation's escalation with the context an adviser needs (question, the bot's last answer and
 * its sources, a summary), and tell the user what happens next and when to expect an answer.
 */
import { randomUUID } from 'node:crypto';
import type { AdviserRequest } from '../engine-port.js';
import { DEFAULT_ESCALATION_SETTINGS, requestAdviserEscalation, type EscalationTrigger } from '../escalation/index.js';
import type { BotReply } from '../messages.js';
import { ConversationAccessError } from '../store/conversation-access-error.js';
import { appendMessage, conversationKey as keyOf, getConversation, hasUserMessage, mayWriteIn, upsertConversation } from '../store/conversation-store.js';
import { escalationState } from '../store/escalation-store.js';
import type { EngineOptions } from './engine-options.js';
import { simpleReply } from './reply-factory.js';

/**
 * Opens the hand-off and returns the reply to show. The conversation must exist, be the caller's and hold at least
 * one user message, else a `ConversationAccessError` ('conversation.not_found', 'conversation.not_yours',
 * 'conversation.no_question') is thrown and nothing is queued. `options.escalation` sets office hours and the response target
 * (DEFAULT_ESCALATION_SETTINGS, weekdays 8–16 and 4 working hours, when absent). Without `request.trigger`, the
 * trigger is inferred from the last bot reply (👎 → thumbs_down, low confidence → low_confidence).
 */
export async function requestAdviserReply(
  options: EngineOptions,
  request: AdviserRequest & { trigger?: EscalationTrigger },
  extra: { notices?: string[]; alreadyStored?: { conversationKey: string; userMessageId: string } } = {},
): Promise<BotReply> {
  const db = options.knowledge.db;
  let conversationKey = extra.alreadyStored?.conversationKey;
  let language = request.language;
  if (conversationKey === undefined) {
    // Only a conversation that exists, is the caller's and holds a question can be handed over: anything else
    // would queue an empty escalation for the advisers.
    const key = keyOf(request.channel, request.conversationId, request.threadId);
    const existing = await getConversation(db, key);
    if (!existing) throw new ConversationAccessError('conversation.not_found', key);
    if (!mayWriteIn(existing, request.user.id)) throw new ConversationAccessError('conversation.not_yours', key);
    if (!(await hasUserMessage(db, key))) throw new ConversationAccessError('conversation.no_question', key);
    // The button carries no language: answer in the conversation's, and do not overwrite it with a default.
    language ??= existing.language;
    conversationKey = (await upsertConversation(db, { ...request, threadId: request.threadId }, language)).id;
  }
  language ??= 'da';

  const opened = await requestAdviserEscalation(
    { db, logger: options.logger, chatModel: options.chatModel, settings: options.escalation ?? DEFAULT_ESCALATION_SETTINGS, now: options.now },
    { conversationKey, channel: request.channel, language, trigger: request.trigger },
  );
  const reply: BotReply = {
    ...simpleReply({
      conversationId: request.conversationId,
      language,
      intent: 'human',
      text: opened.text,
      mode: options.chatModel ? 'llm' : 'extractive',
      notices: extra.notices,
    }),
    replyId: randomUUID(),
    escalation: escalationState(opened.escalation),
  };
  await appendMessage(db, conversationKey, { id: reply.replyId, role: 'bot', text: reply.text, intent: 'human' });
  return reply;
}
