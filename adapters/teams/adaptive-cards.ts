/**
 * The Adaptive Cards the Teams bot sends: the case list of a who-has-done-this answer with "Tal med en rådgiver",
 * and the escalation card advisers get in their channel (Claim / Resolve / reply). Button presses come back as
 * `message` activities whose `value` is the action's data; {@link parseCardAction} reads them.
 */
import type { Attachment } from 'botbuilder';
import type { CaseCard, Language } from '../../bot/index.js';
import type { EscalationSummary } from '../../bot/escalation/escalation-port.js';

/** The data our `Action.Submit` buttons carry, discriminated on `kraftcenter`. */
export type CardAction =
  | { kraftcenter: 'request_adviser' }
  | { kraftcenter: 'claim' | 'resolve'; escalationId: string }
  | { kraftcenter: 'reply'; escalationId: string; replyText?: string };

const MAX_CASES = 8;
const CARD = 'application/vnd.microsoft.card.adaptive';

const labels = {
  da: { cases: 'Hvem har gjort det?', adviser: 'Tal med en rådgiver', contact: 'Kontakt' },
  en: { cases: 'Who has done this?', adviser: 'Talk to an adviser', contact: 'Contact' },
} as const;

function card(body: unknown[], actions: unknown[]): Attachment {
  return {
    contentType: CARD,
    content: { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body, actions },
  };
}

const text = (value: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text: value, wrap: true, ...extra });

/**
 * The case list with its sources and contacts, plus the adviser button when `adviserLabel` is given and any
 * `moreActions` after it ("Del jeres erfaring").
 * @returns undefined when there is nothing to show
 */
export function caseListCard(cases: CaseCard[], language: Language, adviserLabel?: string, moreActions: unknown[] = []): Attachment | undefined {
  if (cases.length === 0 && !adviserLabel && moreActions.length === 0) return undefined;
  const words = labels[language];
  const body: unknown[] = cases.length > 0 ? [text(words.cases, { weight: 'Bolder', size: 'Medium' })] : [];
  for (const item of cases.slice(0, MAX_CASES)) {
    const years = item.year ? `${item.year}${item.endYear && item.endYear !== item.year ? `–${item.endYear}` : ''}` : '';
    const facts = [item.organisation, item.region, years, item.status].filter(Boolean).join(' · ');
    const marker = item.citation ? ` [${item.citation}]` : '';
    const contact = [item.contact?.name ?? item.contact?.role, item.contact?.email, item.contact?.phone].filter(Boolean).join(', ');
    body.push({
      type: 'Container',
      separator: true,
      items: [
        text(item.url ? `[${item.title}](${item.url})${marker}` : `${item.title}${marker}`, { weight: 'Bolder' }),
        text(facts, { isSubtle: true, spacing: 'None' }),
        text(item.summary),
        ...(contact ? [text(`${words.contact}: ${contact}`, { isSubtle: true })] : []),
      ],
    });
  }
  const actions = adviserLabel ? [{ type: 'Action.Submit', title: adviserLabel, data: { kraftcenter: 'request_adviser' } }] : [];
  return card(body, [...actions, ...moreActions]);
}

/** The default label of the adviser button, by language. */
export const adviserButtonLabel = (language: Language): string => labels[language].adviser;

const TRIGGERS: Record<EscalationSummary['trigger'], string> = {
  user_request: 'brugeren bad om en rådgiver',
  low_confidence: 'usikkert svar',
  thumbs_down: 'brugeren gav 👎',
};

const STATUSES: Record<EscalationSummary['status'], string> = {
  queued: 'venter på en rådgiver',
  claimed: 'taget',
  resolved: 'afsluttet',
  cancelled: 'trukket tilbage',
};

/**
 * An escalation for the advisers' channel: question, summary, age and due time, with Claim, Resolve and a reply box
 * (the reply is sent by the claiming adviser only; the escalation service enforces it).
 */
export function escalationCard(escalation: EscalationSummary, heading: string): Attachment {
  const due = new Date(escalation.dueAt).toLocaleString('da-DK', { timeZone: 'Europe/Copenhagen', dateStyle: 'short', timeStyle: 'short' });
  const facts = [
    { title: 'Status', value: STATUSES[escalation.status] + (escalation.adviserName ? ` (${escalation.adviserName})` : '') },
    { title: 'Årsag', value: TRIGGERS[escalation.trigger] },
    { title: 'Kanal', value: escalation.channel },
    { title: 'Bruger', value: escalation.userName ?? 'ukendt' },
    { title: 'Svarfrist', value: `${due}${escalation.overdue ? ' (overskredet)' : ''}` },
  ];
  const data = (kraftcenter: CardAction['kraftcenter']) => ({ kraftcenter, escalationId: escalation.id });
  return card(
    [
      text(heading, { weight: 'Bolder', size: 'Medium' }),
      text(escalation.question, { weight: 'Bolder' }),
      text(escalation.summary, { isSubtle: true }),
      { type: 'FactSet', facts },
      ...(escalation.deliveryFailed ? [text('⚠️ Sidste besked nåede ikke frem til brugeren.', { color: 'Attention' })] : []),
      { type: 'Input.Text', id: 'replyText', isMultiline: true, placeholder: 'Svar til brugeren (kræver at du har taget sagen)' },
    ],
    [
      { type: 'Action.Submit', title: 'Tag sagen', data: data('claim') },
      { type: 'Action.Submit', title: 'Send svar', data: data('reply') },
      { type: 'Action.Submit', title: 'Afslut', data: data('resolve') },
    ],
  );
}

/** Our button data in an activity's `value`, or undefined for anything else (typed text, other apps' cards). */
export function parseCardAction(value: unknown): CardAction | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const data = value as Record<string, unknown>;
  switch (data.kraftcenter) {
    case 'request_adviser':
      return { kraftcenter: 'request_adviser' };
    case 'claim':
    case 'resolve':
      return typeof data.escalationId === 'string' ? { kraftcenter: data.kraftcenter, escalationId: data.escalationId } : undefined;
    case 'reply':
      return typeof data.escalationId === 'string'
        ? { kraftcenter: 'reply', escalationId: data.escalationId, replyText: typeof data.replyText === 'string' ? data.replyText : undefined }
        : undefined;
    default:
      return undefined;
  }
}
