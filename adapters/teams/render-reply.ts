/**
 * BotReply → Teams message activity: Markdown text with `[n]` markers, the schema.org `Message` entity that makes
 * Teams show numbered citations with hover cards and the "AI generated" label, the feedback loop (👍/👎 with text),
 * and an Adaptive Card with the case list, "Tal med en rådgiver" and "Del jeres erfaring" (which asks for the case form).
 *
 * @see https://learn.microsoft.com/microsoftteams/platform/bots/how-to/bot-messages-ai-generated-content
 */
import type { Activity, CardAction as SuggestedCardAction, Entity } from 'botbuilder';
import type { BotReply, Citation } from '../../bot/index.js';
import { adviserButtonLabel, caseListCard } from './adaptive-cards.js';
import { shareCaseButton } from './submission-card.js';

/** Teams' limits for a citation's hover card. */
export const CITATION_NAME_MAX = 80;
export const CITATION_ABSTRACT_MAX = 160;

/** One `citation` claim of the Message entity. */
export interface TeamsCitation {
  '@type': 'Claim';
  position: number;
  appearance: { '@type': 'DigitalDocument'; name: string; abstract: string; url?: string; keywords?: string[] };
}

/** Shortens to at most `max` characters, ending with … when cut. */
export function clip(value: string, max: number): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** Writes grouped markers (`[1, 2]`, `[1,2]`) the way Teams links them: one `[n]` per citation. */
export function toTeamsMarkers(text: string): string {
  return text.replace(/\[(\d{1,3}(?:\s*,\s*\d{1,3})+)\]/g, (_match, list: string) =>
    list.split(',').map((n) => `[${n.trim()}]`).join(''),
  );
}

/** The claims for the citations the text actually uses (Teams expects every position to appear as `[n]`). */
export function toTeamsCitations(text: string, citations: Citation[]): TeamsCitation[] {
  const used = new Set([...text.matchAll(/\[(\d{1,3})\]/g)].map((match) => Number(match[1])));
  return citations
    .filter((citation) => used.has(citation.n))
    .map((citation) => {
      const keywords = [citation.organisation, citation.year ? String(citation.year) : undefined]
        .filter((keyword): keyword is string => Boolean(keyword))
        .map((keyword) => clip(keyword, 28));
      return {
        '@type': 'Claim',
        position: citation.n,
        appearance: {
          '@type': 'DigitalDocument',
          name: clip(citation.title, CITATION_NAME_MAX),
          abstract: clip(citation.passage || citation.title, CITATION_ABSTRACT_MAX),
          ...(citation.url ? { url: citation.url } : {}),
          ...(keywords.length > 0 ? { keywords } : {}),
        },
      };
    });
}

/** The root Message entity: the AI label always, citations when there are any. */
export function aiMessageEntity(citations: TeamsCitation[]): Entity {
  return {
    type: 'https://schema.org/Message',
    '@type': 'Message',
    '@context': 'https://schema.org',
    '@id': '',
    additionalType: ['AIGeneratedContent'],
    ...(citations.length > 0 ? { citation: citations } : {}),
  };
}

/**
 * The activity for one engine reply. Feedback is enabled (legacy `feedbackLoopEnabled`, never together with the
 * newer `feedbackLoop`: Teams rejects both) when the engine offers 👍/👎 on it. `channelData.kraftcenterReplyId`
 * is informational; feedback is matched through the sent activity's id.
 *
 * @example
 * await context.sendActivity(renderReply(await engine.handleMessage(message)));
 */
export function renderReply(reply: BotReply): Partial<Activity> {
  const body = toTeamsMarkers(reply.text);
  const notices = reply.notices.map((notice) => `_${notice}_`).join('\n\n');
  const text = notices ? `${notices}\n\n${body}` : body;
  const escalate = reply.actions.find((action) => action.type === 'escalate');
  const adviserLabel = escalate ? escalate.label || adviserButtonLabel(reply.language) : undefined;
  const share = reply.actions.find((action) => action.type === 'share_case');
  const attachment = caseListCard(reply.cases, reply.language, adviserLabel, share ? [shareCaseButton(share.label, reply.language)] : []);
  const followUps: SuggestedCardAction[] = reply.actions.flatMap((action) =>
    action.type === 'follow_up' ? [{ type: 'imBack', title: clip(action.label, 60), value: action.text }] : [],
  );
  const feedback = reply.actions.some((action) => action.type === 'feedback');
  return {
    type: 'message',
    text,
    textFormat: 'markdown',
    entities: [aiMessageEntity(toTeamsCitations(text, reply.citations))],
    channelData: { ...(feedback ? { feedbackLoopEnabled: true } : {}), kraftcenterReplyId: reply.replyId },
    ...(attachment ? { attachments: [attachment] } : {}),
    ...(followUps.length > 0 ? { suggestedActions: { actions: followUps, to: [] } } : {}),
  };
}

/** A message from a person (adviser, system notice): plain Markdown, no AI label, no feedback. */
export function renderPlainMessage(text: string, authorName?: string): Partial<Activity> {
  return { type: 'message', text: authorName ? `**${authorName}:** ${text}` : text, textFormat: 'markdown' };
}
