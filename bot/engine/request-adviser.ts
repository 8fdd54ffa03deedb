/**
 * The user asks for a person (button or words): open (or find) the conversation's escalation with the context an
 * adviser needs (question, the bot's last answer and its sources, a summary), and tell the user what happens next.
 */
import { randomUUID } from 'node:crypto';
import { detectLanguage } from '../../knowledge/index.js';
import { replyTexts } from '../answer/index.js';
import type { AdviserRequest } from '../engine-port.js';
import type { BotReply } from '../messages.js';
import { appendMessage, listMessages, upsertConversation } from '../store/conversation-store.js';
import { escalationState, openEscalation, type EscalationTrigger } from '../store/escalation-store.js';
import type { EngineOptions } from './engine-options.js';
import { simpleReply } from './reply-factory.js';

/** Until office hours are configured (the hand-off issue), the target is this many hours from the request. */
const DEFAULT_TARGET_HOURS = 4;

export async function requestAdviserReply(
  options: EngineOptions,
  request: AdviserRequest & { trigger?: EscalationTrigger },
  extra: { notices?: string[]; alreadyStored?: { conversationKey: string; userMessageId: string } } = {},
): Promise<BotReply> {
  const db = options.knowledge.db;
  const language = request.language ?? 'da';
  const texts = replyTexts(language);
  const conversationKey =
    extra.alreadyStored?.conversationKey ??
    (await upsertConversation(db, { ...request, threadId: request.threadId }, language)).id;

  const messages = await listMessages(db, conversationKey, 30);
  const lastBot = [...messages].reverse().find((message) => message.role === 'bot' && message.citations.length > 0);
  const userQuestions = messages.filter((message) => message.role === 'user');
  // The substantive question is the last one the bot answered, not "kan jeg tale med en rådgiver?" itself.
  const lastAnswered = lastBot ? [...userQuestions].reverse().find((message) => message.createdAt <= lastBot.createdAt) : undefined;
  const question = lastAnswered?.text ?? userQuestions[userQuestions.length - 1]?.text ?? '';
  const summary = lastBot
    ? `${texts === replyTexts('en') ? 'Question' : 'Spørgsmål'}: ${question}\n${texts === replyTexts('en') ? 'Bot answer' : 'Botsvar'}: ${lastBot.text.slice(0, 400)}`
    : `${texts === replyTexts('en') ? 'Question' : 'Spørgsmål'}: ${question || '—'}`;
  const now = options.now?.() ?? new Date();
  const { escalation, created } = await openEscalation(db, {
    conversationId: conversationKey,
    trigger: request.trigger ?? 'user_request',
    channel: request.channel,
    language: language ?? detectLanguage(question),
    question: question || '(ingen spørgsmål endnu)',
    summary,
    lastAnswer: lastBot ? { text: lastBot.text, citations: lastBot.citations } : undefined,
    dueAt: new Date(now.getTime() + DEFAULT_TARGET_HOURS * 3600_000),
  });
  const reply: BotReply = {
    ...simpleReply({
      conversationId: request.conversationId,
      language,
      intent: 'human',
      text: created ? texts.adviserRequested() : texts.adviserAlreadyRequested(),
      mode: options.chatModel ? 'llm' : 'extractive',
      notices: extra.notices,
    }),
    replyId: randomUUID(),
    escalation: escalationState(escalation),
  };
  await appendMessage(db, conversationKey, { id: reply.replyId, role: 'bot', text: reply.text, intent: 'human' });
  return reply;
}
