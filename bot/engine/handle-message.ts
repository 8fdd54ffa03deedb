/**
 * One user message in, one reply out: checks (empty, too long, rate limit), personal-data masking, understanding,
 * the answer, and storing both sides of the turn. Database failures become an apology, never an exception.
 * It streams (bot/reply-events.ts): a "searching" status once the message is accepted and stored, the answer's
 * progress, the text (the model's as it is written; any other reply's whole text as one piece), then the final
 * reply, stored before it is yielded. `handleMessage` is that final reply.
 */
import { detectLanguage, DatabaseUnavailableError, QueryError } from '../../knowledge/index.js';
import { composeContactsAnswer, defaultFollowUps, replyTexts, suggestedActions, withShareCase } from '../answer/index.js';
import type { PreviousTurn } from '../conversation-turn.js';
import type { BotReply, IncomingMessage, Intent, Language } from '../messages.js';
import { finalReply, type ReplyEvent } from '../reply-events.js';
import { beginTurn } from '../store/begin-turn.js';
import { appendMessage, latestTurn, listMessages } from '../store/conversation-store.js';
import { routeToAdviser } from '../escalation/index.js';
import { recordGap } from '../store/feedback-store.js';
import { isConversationAccessError } from '../store/conversation-access-error.js';
import { isTooLong, maskPersonalData, MAX_MESSAGE_CHARS, mentionsOwnExperience } from '../understanding/index.js';
import { answerQuestion, type AnswerOutcome, type AnswerProgress } from './answer-question.js';
import type { EngineOptions } from './engine-options.js';
import { simpleReply } from './reply-factory.js';
import { requestAdviserReply } from './request-adviser.js';
import { understandMessage } from './understand-message.js';

/** Written feedback that says the answer missed: thank, and offer an adviser. */
const NEGATIVE_FEEDBACK = /\b(forkert|dårlig|ikke det|wrong|bad|not what)\b/i;

/** NUL and unpaired UTF-16 surrogates: Postgres cannot store them, and no person types them. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Answers one message. A conversation that belongs to another user is refused with a `ConversationAccessError`
 * (the adapter maps it); every other failure becomes an apology.
 */
export function handleMessage(options: EngineOptions, message: IncomingMessage): Promise<BotReply> {
  return finalReply(streamMessage(options, message));
}

/**
 * Answers one message as it is written: status and text events, then exactly one `reply` (see the module comment).
 * The access refusal is thrown before any event. `signal` cancels the model's part: the answer then ends as after
 * a model failure (extractive, stored), so a conversation never keeps a question without its answer.
 */
export async function* streamMessage(options: EngineOptions, message: IncomingMessage, signal?: AbortSignal): AsyncGenerator<ReplyEvent, void, undefined> {
  const answering = answerMessage(options, message, signal);
  let wroteText = false;
  let step: IteratorResult<AnswerProgress, BotReply>;
  while (!(step = await answering.next()).done) {
    if (step.value.type === 'text') wroteText = true;
    yield step.value;
  }
  // Every channel renders one path: replies that were not written piece by piece arrive as one piece.
  if (!wroteText && step.value.text !== '') yield { type: 'text', delta: step.value.text };
  yield { type: 'reply', reply: step.value };
}

async function* answerMessage(
  options: EngineOptions,
  message: IncomingMessage,
  signal: AbortSignal | undefined,
): AsyncGenerator<AnswerProgress, BotReply, undefined> {
  // Channels that let such characters through (a bot, a bad client) get them dropped rather than a database error.
  const raw = (message.text ?? '').replace(UNSTORABLE, (char) => (char === '\u0000' ? '' : '\uFFFD'));
  const language: Language = detectLanguage(raw.slice(0, 500));
  const texts = replyTexts(language);
  const mode = options.chatModel ? 'llm' : 'extractive';
  const conversationId = message.conversationId;
  const reply = (intent: Intent, text: string, extra: { notices?: string[]; offerAdviser?: boolean } = {}) =>
    simpleReply({ conversationId, language, intent, text, mode, ...extra });

  if (raw.trim() === '') return reply('greeting', texts.emptyMessage());
  const limit = options.maxMessageChars ?? MAX_MESSAGE_CHARS;
  if (isTooLong(raw, limit)) return reply('out_of_scope', texts.tooLong(limit));

  try {
    const db = options.knowledge.db;
    const masked = maskPersonalData(raw.trim(), language);
    const notices = masked.masked ? [texts.personalDataRemoved()] : [];
    // Rate limit, conversation, hand-off check, latest turn and the user's message: one round trip (begin-turn.ts).
    const begun = await beginTurn(db, {
      message,
      text: masked.text,
      language,
      rateLimit: { key: `${message.channel}:${message.user.id}`, limit: options.rateLimitPerMinute ?? 20, windowSeconds: 60, now: options.now?.() },
    });
    if (begun.kind === 'rate_limited') return reply('out_of_scope', texts.rateLimited(begun.retryAfterSeconds));
    const conversation = begun.conversation;
    let stored: { userMessageId: string; previous?: PreviousTurn };
    if (begun.kind === 'with_adviser') {
      // While an adviser has (or is about to take) the conversation, the user's messages go to them, not the bot.
      const routed = await routeToAdviser(db, conversation.id, masked.text, { id: message.user.id, displayName: message.user.displayName }, {
        now: options.now,
      });
      if (routed.routed) {
        return {
          ...reply('human', routed.reply.text, { notices }),
          replyId: routed.reply.messageId,
          escalation: routed.reply.escalation,
        };
      }
      // The hand-off closed in the meantime: the bot answers after all.
      const previous = await latestTurn(db, conversation.id);
      const userMessageId = await appendMessage(db, conversation.id, {
        role: 'user',
        text: masked.text,
        authorId: message.user.id,
        authorName: message.user.displayName,
        platformMessageId: message.messageId,
      });
      stored = { userMessageId, ...(previous ? { previous } : {}) };
    } else {
      stored = begun;
    }
    const { userMessageId, previous } = stored;
    yield { type: 'status', stage: 'searching', text: texts.searchingStatus() };

    const understanding = await understandMessage(masked.text, language, previous, {
      chatModel: options.chatModel,
      logger: options.logger,
      now: options.now?.() ?? new Date(),
    });

    let botReply: BotReply;
    let turn: PreviousTurn | undefined;
    let outcome: AnswerOutcome | undefined;
    switch (understanding.intent) {
      case 'greeting':
        botReply = reply('greeting', texts.greeting(), { notices });
        break;
      case 'out_of_scope':
        botReply = reply('out_of_scope', texts.outOfScope(), { notices, offerAdviser: true });
        break;
      case 'feedback': {
        const negative = NEGATIVE_FEEDBACK.test(masked.text);
        botReply = reply('feedback', texts.feedbackThanks(negative ? 'down' : 'up'), { notices, offerAdviser: negative });
        break;
      }
      case 'human':
        return await requestAdviserReply(options, {
          channel: message.channel,
          conversationId: message.conversationId,
          threadId: message.threadId,
          user: message.user,
          language,
        }, { notices, alreadyStored: { conversationKey: conversation.id, userMessageId } });
      default: {
        if (understanding.followUp.kind === 'contacts' && previous) {
          const wanted = new Set(understanding.followUp.documentIds);
          const cases = previous.cases.filter((card) => wanted.size === 0 || wanted.has(card.documentId));
          const citations = previous.citations.filter((citation) => cases.some((card) => card.documentId === citation.documentId));
          const contacts = composeContactsAnswer(cases, language);
          botReply = {
            ...reply('case_lookup', contacts.text, { notices }),
            citations,
            cases,
            confidence: 1,
            actions: suggestedActions(language, { offerAdviser: false }),
          };
          turn = { ...previous, question: masked.text };
          break;
        }
        // Only a model reads the thread's earlier messages: an extractive answer skips the query (one round trip less).
        const history = previous && options.chatModel ? await recentHistory(db, conversation.id) : undefined;
        outcome = yield* answerQuestion(
          {
            question: understanding.question,
            intent: understanding.intent === 'method' ? 'method' : 'case_lookup',
            filters: understanding.filters,
            language,
            audience: message.user.audience,
            history,
            focused: understanding.followUp.kind === 'more_about',
          },
          options,
          signal,
        );
        botReply = {
          // A question outside the centre's domain is declined (no sources) with the offer of an adviser.
          ...reply(outcome.outOfScope ? 'out_of_scope' : understanding.intent, outcome.text, {
            notices: [...notices, ...outcome.notices],
            offerAdviser: outcome.lowConfidence || outcome.outOfScope === true,
          }),
          mode: outcome.mode,
          citations: outcome.citations,
          cases: outcome.cases,
          confidence: outcome.confidence,
          actions: suggestedActions(language, {
            offerAdviser: outcome.lowConfidence || outcome.outOfScope === true,
            followUps: outcome.lowConfidence || outcome.outOfScope ? [] : defaultFollowUps(outcome),
          }),
        };
        // After "fortæl mere om nummer 2" the thread's topic is still the earlier question: remembering the one
        // document as the topic would make "er der flere?" search it while excluding it, and "hvad med regionerne?"
        // narrow a single title.
        const topic = understanding.followUp.kind === 'more_about' && previous ? previous : undefined;
        turn = {
          question: masked.text,
          resolvedQuestion: topic?.resolvedQuestion ?? understanding.question,
          intent: understanding.intent,
          filters: topic?.filters ?? understanding.filters,
          language,
          citations: outcome.citations,
          cases: outcome.cases,
        };
      }
    }
    // "Vi har selv prøvet…": the centre collects experience, so the reply offers the channel's form for it.
    if (mentionsOwnExperience(masked.text)) botReply = { ...botReply, actions: withShareCase(botReply.actions, language) };

    await appendMessage(db, conversation.id, {
      id: botReply.replyId,
      role: 'bot',
      text: botReply.text,
      intent: botReply.intent,
      mode: botReply.mode,
      confidence: botReply.confidence,
      citations: botReply.citations,
      cases: botReply.cases,
      turn,
    });
    if (outcome?.lowConfidence) {
      await recordGap(db, {
        conversationId: conversation.id,
        messageId: botReply.replyId,
        question: understanding.question,
        reason: 'low_confidence',
        confidence: outcome.confidence,
        language,
      });
    }
    options.logger.debug('answered', { conversation: conversation.id, intent: botReply.intent, userMessageId });
    return botReply;
  } catch (error) {
    if (isConversationAccessError(error)) throw error;
    if (error instanceof DatabaseUnavailableError || error instanceof QueryError) {
      options.logger.error('could not answer: the database failed', { error });
      return reply('out_of_scope', texts.databaseDown(), { offerAdviser: false });
    }
    options.logger.error('could not answer: unexpected error', { error });
    return reply('out_of_scope', texts.unexpectedError());
  }
}

async function recentHistory(db: EngineOptions['knowledge']['db'], conversationId: string) {
  const messages = await listMessages(db, conversationId, 7);
  return messages
    .slice(0, -1)
    .filter((stored) => stored.role === 'user' || stored.role === 'bot')
    .map((stored) =>
      stored.role === 'user'
        ? { role: 'user' as const, content: stored.text }
        : // Its [n] point at that answer's sources, not at the numbers the model is given now.
          { role: 'assistant' as const, content: stored.text.replace(/[ \t]*\[\d{1,3}\]/g, '') },
    );
}
