/**
 * Posts the escalation queue's events to the advisers' Teams channel (TEAMS_ADVISER_CHANNEL): a card with Claim,
 * Resolve and a reply box for new, returned and overdue escalations and for new messages from the user; a line of
 * text for the rest. Escalations from every channel (web, Slack, Teams) appear here.
 */
import type { Activity } from 'botbuilder';
import type { AdviserEvent, AdviserNotifier } from '../../bot/escalation/escalation-port.js';
import { escalationCard } from './adaptive-cards.js';
import type { TeamsChannelReference } from './config.js';
import type { ProactiveSender } from './proactive-sender.js';
import { clip, renderPlainMessage } from './render-reply.js';

/** The activity for one queue event. */
export function renderAdviserEvent(event: AdviserEvent): Partial<Activity> {
  const { escalation } = event;
  const question = clip(escalation.question, 120);
  const cardWith = (heading: string): Partial<Activity> => ({ type: 'message', attachments: [escalationCard(escalation, heading)] });
  const text = (value: string) => renderPlainMessage(value);
  switch (event.type) {
    case 'escalation.created':
      return cardWith('Ny henvendelse til en rådgiver');
    case 'escalation.released':
      return cardWith('Sagen er lagt tilbage i køen');
    case 'escalation.reminder':
      return cardWith('⏰ Venter stadig på en rådgiver');
    case 'escalation.user_message':
      return cardWith(`Nyt fra ${escalation.userName ?? 'brugeren'}: ${clip(event.text, 300)}`);
    case 'escalation.claimed':
      return text(`${escalation.adviserName ?? 'En rådgiver'} har taget sagen "${question}".`);
    case 'escalation.resolved':
      return text(`Sagen "${question}" er afsluttet${escalation.adviserName ? ` af ${escalation.adviserName}` : ''}.`);
    case 'escalation.cancelled':
      return text(`Brugeren har trukket sagen "${question}" tilbage.`);
  }
}

/**
 * An AdviserNotifier posting to `channel`. Throws when Teams refuses the post, so the outbox retries.
 *
 * @example
 * if (teamsConfig.adviserChannel) notifiers.push(createTeamsAdviserNotifier(sender, teamsConfig.adviserChannel));
 */
export function createTeamsAdviserNotifier(sender: ProactiveSender, channel: TeamsChannelReference): AdviserNotifier {
  const reference = {
    serviceUrl: channel.serviceUrl,
    channelId: channel.channelId,
    conversation: { id: channel.conversation.id, isGroup: true, conversationType: 'channel', tenantId: channel.tenantId ?? channel.conversation.tenantId, name: '' },
  };
  return {
    name: 'teams',
    async notify(event) {
      await sender.send(reference, renderAdviserEvent(event));
    },
  };
}
