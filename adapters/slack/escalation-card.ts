/**
 * The escalation card in the advisers' channel: status and owner, age against the response target, who asked, the
 * question and summary, the bot's last answer with its sources, and Claim / Resolve buttons while they apply.
 */
import type { types } from '@slack/bolt';
import type { EscalationDetail, EscalationSummary } from '../../bot/escalation/escalation-port.js';
import { escapeMrkdwn, markdownToMrkdwn, mrkdwnLink } from './markdown-to-mrkdwn.js';
import { button, contextBlock, sectionBlock, type RenderedMessage } from './render-reply.js';
import { ADVISER_TEXTS as T } from './slack-texts.js';
import { truncateMrkdwn } from './split-mrkdwn.js';

/** Action ids of the card's buttons; the value is the escalation id. */
export const CARD_ACTION_IDS = { claim: 'kc_escalation_claim', resolve: 'kc_escalation_resolve' } as const;

/**
 * Renders the card for `summary`, with the answer and sources from `detail` when given.
 *
 * @example
 * await client.chat.postMessage({ channel: adviserChannel, ...renderEscalationCard(summary, await escalations.get(id)) });
 */
export function renderEscalationCard(summary: EscalationSummary, detail?: EscalationDetail): RenderedMessage {
  const open = summary.status === 'queued' || summary.status === 'claimed';
  const status = T.status(summary.status, summary.adviserName);
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `${T.newCase}: ${summary.question}`.slice(0, 150), emoji: true } },
    sectionBlock(`*${escapeMrkdwn(status)}*${open ? `  ·  ${escapeMrkdwn(T.age(summary.ageMinutes, summary.overdue))}` : ''}`),
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*${T.user}*\n${escapeMrkdwn(summary.userName ?? '–')}` },
        { type: 'mrkdwn', text: `*Kanal*\n${escapeMrkdwn(summary.channel)}` },
        { type: 'mrkdwn', text: `*Udløser*\n${escapeMrkdwn(summary.trigger)}` },
        { type: 'mrkdwn', text: `*Svarfrist*\n${escapeMrkdwn(formatTime(summary.dueAt))}` },
      ],
    },
    sectionBlock(`*${T.question}*\n${truncateMrkdwn(escapeMrkdwn(summary.question), 2800)}`),
    sectionBlock(`*${T.summary}*\n${truncateMrkdwn(markdownToMrkdwn(summary.summary), 2800)}`),
  ];
  const answer = detail?.lastAnswer;
  if (answer?.text) {
    blocks.push(sectionBlock(`*${T.botAnswer}*\n${truncateMrkdwn(markdownToMrkdwn(answer.text), 2800)}`));
    const sources = answer.citations
      .slice(0, 10)
      .map((citation) => `[${citation.n}] ${citation.url ? mrkdwnLink(citation.url, citation.title) : escapeMrkdwn(citation.title)}`);
    if (sources.length > 0) blocks.push(contextBlock(sources.join('\n')));
  }
  if (summary.deliveryFailed) blocks.push(contextBlock('⚠️ Den seneste besked kunne ikke leveres til brugeren.'));
  if (summary.status === 'claimed') blocks.push(contextBlock(T.replyHint));
  const buttons = [
    ...(summary.status === 'queued' ? [button(CARD_ACTION_IDS.claim, T.claim, summary.id, 'primary')] : []),
    ...(summary.status === 'claimed' ? [button(CARD_ACTION_IDS.resolve, T.resolve, summary.id)] : []),
  ];
  if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons });
  return { text: `${status}: ${escapeMrkdwn(summary.question)}`.slice(0, 3000), blocks };
}

function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('da-DK', { timeZone: 'Europe/Copenhagen', dateStyle: 'short', timeStyle: 'short' });
}
