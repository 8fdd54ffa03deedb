/**
 * A `BotReply` as a Slack message: the answer in mrkdwn section blocks, case cards as sections with fields, numbered
 * sources as links, and the 👍 / 👎 / "Tal med en rådgiver" buttons. Slack's limits (3,000 characters a text block,
 * 50 blocks) are met by splitting and, past 50 blocks, by shortening with a note — never by a failed post.
 */
import type { types } from '@slack/bolt';
import type { BotReply, CaseCard, Citation, Language } from '../../bot/messages.js';
import { escapeMrkdwn, markdownToMrkdwn, mrkdwnLink } from './markdown-to-mrkdwn.js';
import { slackTexts, submissionTexts, type SlackTexts } from './slack-texts.js';
import { SLACK_LIMITS, splitMrkdwn, truncateMrkdwn } from './split-mrkdwn.js';

type Block = types.KnownBlock;
type Button = types.Button;

/** The action ids of the buttons on answers; listeners match on them. */
export const ACTION_IDS = {
  feedbackUp: 'kc_feedback_up',
  feedbackDown: 'kc_feedback_down',
  escalate: 'kc_escalate',
  /** Suffixed with the button's index: `kc_follow_up_0`, … (action ids must be unique in a message). */
  followUpPrefix: 'kc_follow_up_',
  /** "Del jeres erfaring": opens the case-submission modal (register-submission-listeners.ts). */
  shareCase: 'kc_share_case',
} as const;

/** What `chat.postMessage` needs: notification/fallback text and the blocks. */
export interface RenderedMessage {
  text: string;
  blocks: Block[];
}

/** Options for {@link renderReply}. */
export interface RenderReplyOptions {
  /** The thread the conversation lives in ('' for a DM without threads); carried by the adviser button. */
  threadId: string;
  /** At most this many case cards. @default 5 */
  maxCases?: number;
}

/**
 * Renders a reply as Block Kit.
 *
 * @example
 * const { text, blocks } = renderReply(reply, { threadId: event.ts });
 * await client.chat.postMessage({ channel, thread_ts: event.ts, text, blocks });
 */
export function renderReply(reply: BotReply, options: RenderReplyOptions): RenderedMessage {
  const texts = slackTexts(reply.language);
  const citationUrl = (n: number) => reply.citations.find((citation) => citation.n === n)?.url;
  const answer = markdownToMrkdwn(reply.text, { citationUrl });

  const notices = reply.notices.length > 0 ? [contextBlock(reply.notices.map((notice) => `ℹ️ ${escapeMrkdwn(notice)}`).join('\n'))] : [];
  const cases = caseBlocks(reply.cases.slice(0, options.maxCases ?? 5), texts);
  const sources = sourceBlocks(reply.citations, texts);
  const actions = actionsBlock(reply, options.threadId, texts);
  const fixed = notices.length + cases.length + sources.length + actions.length;

  let answerBlocks = splitMrkdwn(answer).map(sectionBlock);
  if (fixed + answerBlocks.length > SLACK_LIMITS.blocks) {
    const room = Math.max(1, SLACK_LIMITS.blocks - fixed - 1);
    answerBlocks = [...answerBlocks.slice(0, room), contextBlock(texts.truncated)];
  }
  const blocks = [...notices, ...answerBlocks, ...cases, ...sources, ...actions].slice(0, SLACK_LIMITS.blocks);
  return { text: fallbackText(reply.text), blocks };
}

/** A plain-text version for notifications and screen readers. */
export function fallbackText(markdown: string, limit = SLACK_LIMITS.sectionText): string {
  const plain = escapeMrkdwn(markdown.replace(/\*\*|__|~~|`/g, '').replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, '$1'));
  return truncateMrkdwn(plain.trim() || '…', limit);
}

/** A section block with mrkdwn text (already within the limit). */
export function sectionBlock(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: truncateMrkdwn(text || ' ', SLACK_LIMITS.sectionText) } };
}

/** A context block holding one mrkdwn element. */
export function contextBlock(text: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncateMrkdwn(text, SLACK_LIMITS.sectionText) }] };
}

/** A button; label and value are shortened to Slack's limits. */
export function button(actionId: string, label: string, value: string, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: label.slice(0, SLACK_LIMITS.buttonText), emoji: true },
    value: value.slice(0, SLACK_LIMITS.buttonValue),
    ...(style ? { style } : {}),
  };
}

function caseBlocks(cases: CaseCard[], texts: SlackTexts): Block[] {
  if (cases.length === 0) return [];
  return [sectionBlock(`*${texts.cases}*`), ...cases.map((card) => caseBlock(card, texts))];
}

function caseBlock(card: CaseCard, texts: SlackTexts): Block {
  const title = card.url ? mrkdwnLink(card.url, card.title) : escapeMrkdwn(card.title);
  const cite = card.citation ? ` [${card.citation}]` : '';
  const years = card.year ? `${card.year}${card.endYear && card.endYear !== card.year ? `–${card.endYear}` : ''}` : undefined;
  const contact = card.contact
    ? [card.contact.name ?? card.contact.role, card.contact.email ? mrkdwnLink(`mailto:${card.contact.email}`, card.contact.email) : undefined, card.contact.phone]
        .filter((part): part is string => Boolean(part))
        .map((part) => (part.startsWith('<') ? part : escapeMrkdwn(part)))
        .join('\n')
    : undefined;
  const fields = (
    [
      [texts.organisation, escapeMrkdwn(card.organisation)],
      [texts.year, years],
      [texts.status, card.status],
      [texts.region, card.region],
      [texts.contact, contact],
    ] as Array<[string, string | undefined]>
  )
    .filter(([, value]) => value)
    .slice(0, SLACK_LIMITS.fields)
    .map(([label, value]) => ({ type: 'mrkdwn' as const, text: truncateMrkdwn(`*${label}*\n${value}`, SLACK_LIMITS.fieldText) }));
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: truncateMrkdwn(`*${title}*${cite}\n${escapeMrkdwn(card.summary)}`, SLACK_LIMITS.sectionText) },
    ...(fields.length > 0 ? { fields } : {}),
  };
}

function sourceBlocks(citations: Citation[], texts: SlackTexts): Block[] {
  if (citations.length === 0) return [];
  const lines = citations.map((citation) => {
    const title = citation.url ? mrkdwnLink(citation.url, citation.title) : escapeMrkdwn(citation.title);
    const about = [citation.organisation, citation.year].filter(Boolean).join(', ');
    return `[${citation.n}] ${title}${about ? ` – ${escapeMrkdwn(about)}` : ''}`;
  });
  return splitMrkdwn(`*${texts.sources}*\n${lines.join('\n')}`).slice(0, 5).map(sectionBlock);
}

function actionsBlock(reply: BotReply, threadId: string, texts: SlackTexts): Block[] {
  const elements: Button[] = [];
  const hasFeedback = reply.actions.some((action) => action.type === 'feedback');
  if (hasFeedback) {
    elements.push(button(ACTION_IDS.feedbackUp, texts.thumbsUp, reply.replyId));
    elements.push(button(ACTION_IDS.feedbackDown, texts.thumbsDown, reply.replyId));
  }
  const escalate = reply.actions.find((action) => action.type === 'escalate');
  const escalationOpen = reply.escalation && ['queued', 'claimed'].includes(reply.escalation.status);
  if ((escalate || reply.escalationOffered) && !escalationOpen) {
    elements.push(button(ACTION_IDS.escalate, escalate?.label ?? texts.talkToAdviser, encodeThreadValue(threadId), 'primary'));
  }
  reply.actions.forEach((action, index) => {
    if (action.type === 'follow_up' && elements.length < 25) {
      elements.push(button(`${ACTION_IDS.followUpPrefix}${index}`, action.label, action.text));
    }
  });
  const share = reply.actions.find((action) => action.type === 'share_case');
  if (share && elements.length < 25) {
    elements.push(button(ACTION_IDS.shareCase, share.label || submissionTexts(reply.language).button, encodeShareValue(reply.language, threadId)));
  }
  return elements.length > 0 ? [{ type: 'actions', elements }] : [];
}

/** The adviser button's value: the conversation's thread (the click's own message may sit elsewhere). */
export function encodeThreadValue(threadId: string): string {
  return `thread:${threadId}`;
}

/** The share button's value: the form's language and the conversation's thread (`share:da:1700000000.000100`). */
export function encodeShareValue(language: Language, threadId: string): string {
  return `share:${language}:${threadId}`;
}

/** Reads {@link encodeShareValue}'s value back; undefined when it is not one. */
export function decodeShareValue(value: string | undefined): { language: Language; threadId: string } | undefined {
  const match = /^share:(da|en):(.*)$/.exec(value ?? '');
  return match ? { language: match[1] as Language, threadId: match[2]! } : undefined;
}

/** Reads {@link encodeThreadValue}'s value back; undefined when it is not one. */
export function decodeThreadValue(value: string | undefined): string | undefined {
  return value?.startsWith('thread:') ? value.slice('thread:'.length) : undefined;
}
