/**
 * Opening a hand-off: one escalation per conversation while one is open (the partial unique index decides between
 * concurrent requests), holding the question, the bot's last answer with its citations and a summary, committed
 * together with its audit row and the advisers' 'escalation.created' notification in the outbox.
 */
import type { Logger } from '../../config/logger.js';
import type { Db } from '../../knowledge/index.js';
import { replyTexts } from '../answer/index.js';
import { summariseConversation, type ChatModel } from '../llm/index.js';
import type { Language } from '../messages.js';
import { listMessages, type StoredMessage } from '../store/conversation-store.js';
import { findOpenEscalation, openEscalation, type EscalationRecord } from '../store/escalation-store.js';
import type { EscalationTrigger } from './escalation-port.js';
import { loadEscalation, toSummary } from './escalation-rows.js';
import { escalationTexts } from './escalation-texts.js';
import { enqueueAdviserEvent, userActor, writeAudit } from './escalation-records.js';
import { computeDueAt, type EscalationSettings } from './office-hours.js';

/** What opening needs besides the conversation. */
export interface OpenEscalationDeps {
  db: Db;
  logger: Logger;
  /** When set, the adviser's summary is written by the model (falling back to question + answer). */
  chatModel?: ChatModel;
  settings: EscalationSettings;
  now?: () => Date;
}

/** The conversation that asks for an adviser. */
export interface OpenEscalationRequest {
  /** The stored conversation's id (conversationKey(channel, id, thread)); it must exist. */
  conversationKey: string;
  channel: string;
  language: Language;
  /** Inferred from the last bot reply's knowledge gap (👎 or low confidence) when absent; else 'user_request'. */
  trigger?: EscalationTrigger;
}

/** The outcome, with the text to show the user (the expected response time when it was just opened). */
export interface OpenedEscalation {
  escalation: EscalationRecord;
  created: boolean;
  text: string;
}

const SUMMARY_TIMEOUT_MS = 15_000;

/**
 * Opens the conversation's escalation, or returns its open one (`created: false`). Notifications are only queued;
 * the outbox dispatcher sends them after this has committed.
 */
export async function requestAdviserEscalation(deps: OpenEscalationDeps, request: OpenEscalationRequest): Promise<OpenedEscalation> {
  const { db, settings } = deps;
  const language = request.language;
  const existing = await findOpenEscalation(db, request.conversationKey);
  if (existing) return { escalation: existing, created: false, text: replyTexts(language).adviserAlreadyRequested() };

  const messages = await listMessages(db, request.conversationKey, 30);
  const { question, lastAnswer, lastBot } = conversationContext(messages);
  const trigger = request.trigger ?? (await inferTrigger(db, lastBot));
  const summary = await summarise(deps, messages, question, lastAnswer?.text);
  const now = deps.now?.() ?? new Date();
  const dueAt = computeDueAt(now, settings.targetWorkingHours, settings.officeHours);

  const opened = await db.transaction(async (tx) => {
    const result = await openEscalation(tx, {
      conversationId: request.conversationKey,
      trigger,
      channel: request.channel,
      language,
      question: question || '(ingen spørgsmål endnu)',
      summary,
      lastAnswer,
      dueAt,
    });
    if (result.created) {
      const row = (await loadEscalation(tx, result.escalation.id))!;
      const event = { type: 'escalation.created' as const, escalation: toSummary(row, now) };
      await enqueueAdviserEvent(tx, `${row.id}:created:0`, row.id, event);
      await writeAudit(tx, { actor: userActor(row), action: 'created', escalationId: row.id, details: { trigger, channel: row.channel } });
    }
    return result;
  });
  const text = opened.created ? escalationTexts(language).queued(settings, dueAt) : replyTexts(language).adviserAlreadyRequested();
  return { ...opened, text };
}

/** The substantive question (the last one the bot answered, not "kan jeg tale med en rådgiver?") and that answer. */
export function conversationContext(messages: StoredMessage[]) {
  const answers = messages.filter((message) => message.role === 'bot' && message.intent !== 'human');
  const lastBot = answers[answers.length - 1];
  const cited = [...answers].reverse().find((message) => message.citations.length > 0);
  const userQuestions = messages.filter((message) => message.role === 'user');
  const answered = cited ? [...userQuestions].reverse().find((message) => message.createdAt <= cited.createdAt) : undefined;
  const question = answered?.text ?? userQuestions[userQuestions.length - 1]?.text ?? '';
  const lastAnswer = cited ? { text: cited.text, citations: cited.citations } : undefined;
  return { question, lastAnswer, lastBot };
}

async function inferTrigger(db: Db, lastBot: StoredMessage | undefined): Promise<EscalationTrigger> {
  if (!lastBot) return 'user_request';
  const gaps = await db.query<{ reason: string }>('SELECT reason FROM knowledge_gaps WHERE message_id = $1', [lastBot.id]);
  const reasons = new Set(gaps.rows.map((row) => row.reason));
  if (reasons.has('thumbs_down')) return 'thumbs_down';
  if (reasons.has('low_confidence')) return 'low_confidence';
  return 'user_request';
}

/** "Spørgsmål: … / Botsvar: …", Danish because advisers read it. */
export function fallbackSummary(question: string, answer?: string): string {
  const asked = `Spørgsmål: ${question || '—'}`;
  return answer ? `${asked}\nBotsvar: ${answer.slice(0, 400)}` : asked;
}

async function summarise(deps: OpenEscalationDeps, messages: StoredMessage[], question: string, answer?: string): Promise<string> {
  if (!deps.chatModel) return fallbackSummary(question, answer);
  const turns = messages
    .filter((message) => message.role === 'user' || message.role === 'bot')
    .map((message) => ({ role: message.role === 'user' ? ('user' as const) : ('assistant' as const), content: message.text }));
  try {
    return await summariseConversation(deps.chatModel, turns, 'da', { signal: AbortSignal.timeout(SUMMARY_TIMEOUT_MS) });
  } catch (error) {
    deps.logger.warn('hand-off summary: the model failed, using question and answer', { error });
    return fallbackSummary(question, answer);
  }
}
