/**
 * One Teams `message` activity: de-duplicated on its id, then answered in the same chat or reply chain. Teams gives a
 * turn about 15 s, so answers that may take longer go through the engine's delivery path (bot/delivery: bounded, in
 * order per conversation, proactively through the Teams delivery port, the outbox when Teams refuses them):
 * - A question in a 1:1 chat is streamed there while the engine writes it (informative update, the text as it comes,
 *   then the final answer; teams-live-reply.ts). The turn waits for it up to the budget and is then acknowledged; the
 *   stream goes on regardless.
 * - In group chats and channels Teams does not stream: a typing indicator, then the engine's answer in the turn, or
 *   through the delivery path when it needs longer than the budget. While an answer of the conversation is still on
 *   its way there, the next one takes the same path, so they arrive in order.
 * Card buttons ("Tal med en rådgiver", the advisers' Claim / Resolve / reply) arrive here too, as messages with a
 * `value`.
 */
import type { ConversationReference, TurnContext } from 'botbuilder';
import type { ReplyDelivery, StreamingDeliveryPort } from '../../bot/delivery/index.js';
import type { BotReply, Engine, IncomingMessage, Language } from '../../bot/index.js';
import { conversationKey } from '../../bot/store/conversation-store.js';
import type { Logger } from '../../config/logger.js';
import { detectLanguage, type Audience } from '../../knowledge/index.js';
import { parseCardAction, type CardAction } from './adaptive-cards.js';
import type { ProactiveSender } from './proactive-sender.js';
import { renderPlainMessage, renderReply } from './render-reply.js';
import type { TeamsDeliveryPort } from './teams-delivery-port.js';
import type { TeamsLiveReply } from './teams-live-reply.js';
import type { TeamsStore } from './teams-store.js';
import { conversationReferenceOf, toInboundMessage, toTeamsAddress, type TeamsAddress } from './to-inbound-message.js';

/** Teams' limit is ~15 s per turn; answering within 10 s leaves room for the network. */
export const DEFAULT_TURN_BUDGET_MS = 10_000;

/** Said when the engine itself fails (it should not: it turns failures into apologetic replies). */
const APOLOGY: Record<Language, string> = {
  da: 'Beklager, der gik noget galt, så jeg kunne ikke svare. Prøv igen om lidt – eller skriv "tal med en rådgiver".',
  en: 'Sorry, something went wrong and I could not answer. Please try again shortly – or write "talk to an adviser".',
};

/** The apology in the language the user wrote in (there is no reply to take it from when the engine failed). */
export function apologyFor(text: string | undefined): string {
  return APOLOGY[detectLanguage(text ?? '')];
}

/** What {@link answerMessage} works with. */
export interface AnswerDeps {
  engine: Engine;
  store: TeamsStore;
  sender: ProactiveSender;
  /** The engine's delivery path: late answers run and go out here (the outbox when Teams refuses them). */
  delivery: ReplyDelivery;
  /** The Teams delivery port late and streamed answers are sent through. */
  port: TeamsDeliveryPort;
  logger: Logger;
  audience: Audience;
  turnBudgetMs: number;
  /** Claim / Resolve / reply pressed on an escalation card in the advisers' channel. */
  onAdviserAction(context: TurnContext, action: Exclude<CardAction, { kraftcenter: 'request_adviser' }>): Promise<void>;
}

/** Handles one message activity (see the module comment). */
export async function answerMessage(context: TurnContext, deps: AnswerDeps): Promise<void> {
  const { activity } = context;
  if (!(await isFirstDelivery(context, deps))) return;

  const action = parseCardAction(activity.value);
  if (action && action.kraftcenter !== 'request_adviser') {
    return deps.onAdviserAction(context, action).catch(async (error: unknown) => {
      deps.logger.error('teams: an adviser action failed', { error, action: action.kraftcenter });
      await context.sendActivity(renderPlainMessage('Det lykkedes ikke. Prøv igen, eller brug rådgiverkonsollen.')).catch(() => undefined);
    });
  }

  const address = toTeamsAddress(activity, deps.audience);
  // Captured now: the TurnContext must not be used once the turn has been acknowledged.
  const reference = conversationReferenceOf(activity);
  const key = conversationKey(address.channel, address.conversationId, address.threadId);
  // A caller that wants the replies in the HTTP body (deliveryMode expectReplies) gets them there, not streamed.
  if (!action && activity.conversation.conversationType === 'personal' && activity.deliveryMode !== 'expectReplies') {
    return streamWithinTurn(reference, address, key, toInboundMessage(activity, deps.audience), deps);
  }
  await context.sendActivity({ type: 'typing' }).catch((error: unknown) => deps.logger.debug('teams: typing indicator failed', { error }));
  // `deliveryRef` is for an engine that stores it with the conversation (proposed); until then teams-store does.
  const request = { ...address, deliveryRef: reference };
  const work: Promise<BotReply> = action ? deps.engine.requestAdviser(request) : deps.engine.handleMessage(toInboundMessage(activity, deps.audience));
  const later = () => void deps.delivery.run(() => deps.delivery.inOrder(key, () => answerLater(reference, address, key, work, activity.text, deps))).catch(() => undefined);
  if (deps.delivery.busy(key)) {
    deps.logger.info('teams: an earlier answer of the conversation is still on its way; this one follows it', { conversation: address.conversationId });
    return later();
  }

  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), deps.turnBudgetMs)));
  try {
    const outcome = await Promise.race([work, late]);
    if (outcome === 'late') {
      deps.logger.info('teams: the answer takes longer than the turn allows; it will follow proactively', { conversation: address.conversationId });
      return later();
    }
    await saveReference(reference, address, deps);
    const id = (await context.sendActivity(renderReply(outcome)))?.id;
    await linkReply(address, id, outcome.replyId, deps);
  } catch (error) {
    deps.logger.error('teams: could not answer a message', { error, conversation: address.conversationId });
    await context.sendActivity(renderPlainMessage(apologyFor(activity.text))).catch(() => undefined);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A 1:1 question: streamed through the delivery path (proactively, so it can outlive the turn). The turn waits for the
 * answer up to the budget, so a quick answer is complete when Teams gets the turn's response.
 */
async function streamWithinTurn(
  reference: Partial<ConversationReference>,
  address: TeamsAddress,
  key: string,
  message: IncomingMessage,
  deps: AnswerDeps,
): Promise<void> {
  const answered = deps.delivery.run(() => deps.delivery.inOrder(key, () => streamAnswer(reference, address, key, message, deps)));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), deps.turnBudgetMs)));
  try {
    const outcome = await Promise.race([answered.catch(() => undefined), late]);
    if (outcome === 'late') {
      deps.logger.info('teams: the answer takes longer than the turn allows; it goes on streaming after it', { conversation: address.conversationId });
    }
  } finally {
    clearTimeout(timer);
  }
}

/** Streams the engine's answer into the 1:1 chat (the final answer whole where Teams refuses the stream). Never throws. */
async function streamAnswer(
  reference: Partial<ConversationReference>,
  address: TeamsAddress,
  key: string,
  message: IncomingMessage,
  deps: AnswerDeps,
): Promise<void> {
  let live: TeamsLiveReply | undefined;
  // The port as the delivery path sees it, keeping hold of the live reply it opens (to end it with an apology).
  const port: StreamingDeliveryPort = {
    channel: deps.port.channel,
    deliver: (delivery) => deps.port.deliver(delivery),
    openLive: async (target) => (live = await deps.port.openLive(target)),
  };
  try {
    await deps.delivery.streamReply(port, deps.engine.streamMessage(message), { conversationKey: key, channel: address.channel, deliveryRef: reference });
  } catch (error) {
    deps.logger.error('teams: could not answer a message', { error, conversation: address.conversationId });
    await apologise(reference, live, apologyFor(message.text), deps);
  } finally {
    await saveReference(reference, address, deps);
  }
}

/** Says sorry in place of the answer: as the end of the open stream when there is one, else as a message. */
async function apologise(reference: Partial<ConversationReference>, live: TeamsLiveReply | undefined, text: string, deps: AnswerDeps): Promise<void> {
  const apology = renderPlainMessage(text);
  if (live) {
    try {
      return await live.end(apology);
    } catch {
      // The stream itself failed: the apology goes as a message of its own.
    }
  }
  await deps.sender
    .send(reference, apology)
    .catch((error: unknown) => deps.logger.error('teams: could not deliver an apology', { error, conversation: reference.conversation?.id }));
}

/** False for an activity Teams delivers again (already handled, here or by another instance). */
export async function isFirstDelivery(context: TurnContext, deps: Pick<AnswerDeps, 'store' | 'logger'>): Promise<boolean> {
  const { activity } = context;
  if (!activity.id) return true;
  try {
    const first = await deps.store.firstDelivery(activity.conversation.id, activity.id);
    if (!first) deps.logger.info('teams: ignored a re-delivered activity', { activity: activity.id });
    return first;
  } catch (error) {
    // Answering twice is better than never: go on when the database cannot tell.
    deps.logger.warn('teams: could not check for a re-delivered activity; answering anyway', { error });
    return true;
  }
}

/** Stores the conversation reference once the engine has created the conversation. */
async function saveReference(reference: Partial<ConversationReference>, address: TeamsAddress, deps: AnswerDeps): Promise<void> {
  await deps.store
    .saveReference(address, reference)
    .catch((error: unknown) => deps.logger.warn('teams: could not store the conversation reference', { error }));
}

async function linkReply(address: TeamsAddress, activityId: string | undefined, replyId: string, deps: AnswerDeps): Promise<void> {
  if (!activityId) return;
  await deps.store
    .linkReply(address.conversationId, activityId, replyId)
    .catch((error: unknown) => deps.logger.warn('teams: could not link the sent message to its reply (feedback on it will be lost)', { error }));
}

/** Sends an answer that outlived its turn (or follows one that did) through the delivery path. Never throws. */
async function answerLater(
  reference: Partial<ConversationReference>,
  address: TeamsAddress,
  key: string,
  work: Promise<BotReply>,
  question: string | undefined,
  deps: AnswerDeps,
): Promise<void> {
  const reply = await work.catch((error: unknown) => {
    deps.logger.error('teams: the engine failed on a long turn', { error });
    return undefined;
  });
  await saveReference(reference, address, deps);
  if (!reply) {
    await deps.sender
      .send(reference, renderPlainMessage(apologyFor(question)))
      .catch((error: unknown) => deps.logger.error('teams: could not deliver a late apology', { error, conversation: address.conversationId }));
    return;
  }
  // The Teams port renders a `bot_reply` like a live answer and links the sent message to the reply (feedback).
  await deps.delivery.sendReply(deps.port, { conversationKey: key, channel: address.channel, deliveryRef: reference, reply });
}
