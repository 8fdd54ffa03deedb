/**
 * The App Home tab: a short guide for everyone, and for advisers the open escalations (waiting first), each with
 * its status and age and a Claim button while it waits.
 */
import type { App, types, webApi } from '@slack/bolt';
import { CARD_ACTION_IDS } from './escalation-card.js';
import { escapeMrkdwn } from './markdown-to-mrkdwn.js';
import { findSlackAdviser } from './find-slack-adviser.js';
import { button, contextBlock, sectionBlock } from './render-reply.js';
import type { SlackDeps } from './slack-deps.js';
import { ADVISER_TEXTS as T } from './slack-texts.js';

/** Home views hold at most 100 blocks; 40 escalations leave room for the rest. */
const MAX_LISTED = 40;

/** @internal Publishes the home tab whenever a user opens it. */
export function registerAppHome(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab && event.tab !== 'home') return;
    try {
      await publishHome(deps, client, event.user);
    } catch (error) {
      deps.logger.warn('slack: could not publish the App Home', { error });
    }
  });
}

/** Builds and publishes the home view for `userId`. */
export async function publishHome(deps: SlackDeps, client: webApi.WebClient, userId: string): Promise<void> {
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: T.homeTitle } },
    sectionBlock(escapeMrkdwn(T.homeIntro)),
  ];
  const adviser = deps.escalations ? await findSlackAdviser(deps, userId) : undefined;
  if (adviser && deps.escalations) {
    const open = await deps.escalations.list({ status: ['queued', 'claimed'] });
    blocks.push({ type: 'divider' }, { type: 'header', text: { type: 'plain_text', text: T.homeQueue } });
    if (open.length === 0) blocks.push(sectionBlock(T.homeEmpty));
    const ordered = [...open].sort((a, b) => (a.status === b.status ? a.createdAt.localeCompare(b.createdAt) : a.status === 'queued' ? -1 : 1));
    for (const escalation of ordered.slice(0, MAX_LISTED)) {
      const mine = escalation.adviserId === adviser.id ? ' (dig)' : '';
      const line = `*${escapeMrkdwn(escalation.question.slice(0, 200))}*\n${escapeMrkdwn(T.status(escalation.status, escalation.adviserName))}${mine} · ${escapeMrkdwn(T.age(escalation.ageMinutes, escalation.overdue))}`;
      blocks.push({
        type: 'section',
        text: { type: 'mrkdwn', text: line },
        ...(escalation.status === 'queued' ? { accessory: button(CARD_ACTION_IDS.claim, T.claim, escalation.id, 'primary') } : {}),
      });
    }
    if (open.length > MAX_LISTED) blocks.push(contextBlock(`… og ${open.length - MAX_LISTED} flere i rådgiverkonsollen.`));
  }
  await client.views.publish({ user_id: userId, view: { type: 'home', blocks } });
}
