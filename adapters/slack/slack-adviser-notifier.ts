/**
 * The advisers' queue in Slack: an `AdviserNotifier` that posts each new escalation as a card in the advisers'
 * channel and edits that same card (its ts is kept in the engine's Slack store) as it is claimed, released, resolved or cancelled; the user's
 * messages and reminders go into the card's thread. Throwing means "retry later": the outbox dispatcher retries.
 */
import { webApi } from '@slack/bolt';
import type { AdviserEvent, AdviserNotifier, EscalationDetail, EscalationSummary } from '../../bot/escalation/escalation-port.js';
import type { Logger } from '../../config/logger.js';
import type { EscalationCard, SlackStore } from '../../bot/store/slack-store.js';
import { renderEscalationCard } from './escalation-card.js';
import { markdownToMrkdwn } from './markdown-to-mrkdwn.js';
import { ADVISER_TEXTS } from './slack-texts.js';
import { truncateMrkdwn } from './split-mrkdwn.js';

/** Options for {@link createSlackAdviserNotifier}. */
export interface SlackAdviserNotifierOptions {
  client: webApi.WebClient;
  /** Where each escalation's card sits (the engine's Slack store). */
  cards: Pick<SlackStore, 'findCard' | 'saveCard' | 'touchCard' | 'removeCard'>;
  /** The advisers' channel id (SLACK_ADVISER_CHANNEL). */
  channel: string;
  /** Fresh detail (the bot's answer and sources, current status) for the card; the event's summary is used without it. */
  getEscalation?: (id: string) => Promise<EscalationDetail | undefined>;
  logger: Logger;
}

/** The notifier, plus `refresh` for editing a card right after a button click. */
export interface SlackAdviserNotifier extends AdviserNotifier {
  /** Posts or edits the escalation's card to show its current state. */
  refresh(summary: EscalationSummary): Promise<EscalationCard>;
}

/**
 * Creates the notifier (name `slack`). Register it with the outbox dispatcher.
 *
 * @example
 * createOutboxDispatcher({ db, notifiers: [slack.notifier!], deliveryPorts: [slack.deliveryPort], … });
 */
export function createSlackAdviserNotifier(options: SlackAdviserNotifierOptions): SlackAdviserNotifier {
  const { client, cards, channel, logger } = options;

  async function refresh(summary: EscalationSummary): Promise<EscalationCard> {
    const detail = await options.getEscalation?.(summary.id).catch((error: unknown) => {
      logger.warn('slack: could not load the escalation for its card; using the event', { escalation: summary.id, error });
      return undefined;
    });
    const message = renderEscalationCard(detail ?? summary, detail);
    const card = await cards.findCard(summary.id);
    if (card) {
      try {
        await client.chat.update({ channel: card.channel, ts: card.ts, ...message });
        await cards.touchCard(summary.id);
        return card;
      } catch (error) {
        if (!(error instanceof webApi.WebAPIPlatformError && error.data.error === 'message_not_found')) throw error;
        logger.warn('slack: the escalation card was deleted; posting it again', { escalation: summary.id });
        await cards.removeCard(summary.id);
      }
    }
    const posted = await client.chat.postMessage({ channel, ...message, unfurl_links: false });
    const saved = await cards.saveCard({ escalationId: summary.id, channel: posted.channel ?? channel, ts: posted.ts! });
    if (saved.ts !== posted.ts) {
      // Another process posted the card first: remove this duplicate.
      await client.chat.delete({ channel: posted.channel ?? channel, ts: posted.ts! }).catch(() => undefined);
      await client.chat.update({ channel: saved.channel, ts: saved.ts, ...message });
    }
    return saved;
  }

  async function inThread(summary: EscalationSummary, text: string, alwaysRefresh: boolean): Promise<void> {
    const card = (!alwaysRefresh && (await cards.findCard(summary.id))) || (await refresh(summary));
    await client.chat.postMessage({ channel: card.channel, thread_ts: card.ts, text: truncateMrkdwn(text, 3000), unfurl_links: false });
  }

  return {
    name: 'slack',
    refresh,
    async notify(event: AdviserEvent) {
      switch (event.type) {
        case 'escalation.created':
        case 'escalation.claimed':
        case 'escalation.resolved':
        case 'escalation.cancelled':
          await refresh(event.escalation);
          return;
        case 'escalation.released':
          return inThread(event.escalation, ADVISER_TEXTS.released, true);
        case 'escalation.reminder':
          return inThread(event.escalation, ADVISER_TEXTS.reminder(event.escalation.ageMinutes), true);
        case 'escalation.user_message':
          return inThread(event.escalation, ADVISER_TEXTS.userWrote(event.escalation.userName, markdownToMrkdwn(event.text)), false);
      }
    },
  };
}
