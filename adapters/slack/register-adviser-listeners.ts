/**
 * Advisers working in Slack: Claim / Resolve on an escalation card (only Slack users linked to an enabled adviser
 * record may; anyone else gets an ephemeral refusal), and replies in a card's thread, which go to the user through
 * `escalations.reply` (only the claimer may reply; the service says so otherwise).
 */
import type { App, BlockAction, ButtonAction, webApi } from '@slack/bolt';
import { publishHome } from './app-home.js';
import { CARD_ACTION_IDS } from './escalation-card.js';
import { messageKey } from './event-dedupe.js';
import { findSlackAdviser } from './find-slack-adviser.js';
import { claimLeniently } from './register-conversation-listeners.js';
import type { SlackAdviserNotifier } from './slack-adviser-notifier.js';
import type { SlackDeps } from './slack-deps.js';
import { ADVISER_TEXTS } from './slack-texts.js';
import { slackTextToPlain, type SlackMessageLike } from './to-inbound-message.js';

/** @internal Registers the card buttons and the card-thread reply listener. */
export function registerAdviserListeners(app: App, deps: SlackDeps, notifier: SlackAdviserNotifier | undefined): void {
  for (const kind of ['claim', 'resolve'] as const) {
    app.action<BlockAction<ButtonAction>>(CARD_ACTION_IDS[kind], async ({ ack, action, body, client }) => {
      await ack();
      await handleCardButton(kind, action.value ?? '', body, client);
      if ((body.container as { type?: string } | undefined)?.type === 'view') {
        await publishHome(deps, client, body.user.id).catch((error: unknown) => deps.logger.warn('slack: could not refresh the App Home', { error }));
      }
    });
  }

  async function handleCardButton(kind: 'claim' | 'resolve', id: string, body: BlockAction<ButtonAction>, client: webApi.WebClient): Promise<void> {
    const channel = body.channel?.id ?? (body.container as { channel_id?: string } | undefined)?.channel_id ?? '';
    const tell = (text: string) => ephemeral(deps, client, channel, body.user.id, text);
    if (!deps.escalations) return tell(ADVISER_TEXTS.noService);
    const adviser = await findSlackAdviser(deps, body.user.id);
    if (!adviser) return tell(ADVISER_TEXTS.onlyAdvisers);
    const result = kind === 'claim' ? await deps.escalations.claim(id, adviser) : await deps.escalations.resolve(id, adviser);
    if (!result.ok) return tell(result.message);
    await notifier?.refresh(result.value).catch((error: unknown) => deps.logger.warn('slack: could not update the card', { escalation: id, error }));
  }

  const adviserChannel = deps.config.adviserChannel;
  if (!adviserChannel) return;
  app.message(async ({ message, client, context }) => {
    const event = message as SlackMessageLike & { subtype?: string };
    if (event.channel !== adviserChannel || !event.thread_ts || event.subtype || event.bot_id || !event.user) return;
    const card = await deps.store.findCardByMessage(event.channel, event.thread_ts);
    if (!card || !(await claimLeniently(deps, messageKey(event.channel, event.ts)))) return;
    const where = { thread_ts: event.thread_ts };
    if (!deps.escalations) return ephemeral(deps, client, event.channel, event.user, ADVISER_TEXTS.noService, where);
    const adviser = await findSlackAdviser(deps, event.user);
    if (!adviser) return ephemeral(deps, client, event.channel, event.user, ADVISER_TEXTS.onlyAdvisers, where);
    const text = slackTextToPlain(event.text ?? '', context.botUserId);
    if (!text) return;
    const result = await deps.escalations.reply(card.escalationId, adviser, text);
    if (!result.ok) return ephemeral(deps, client, event.channel, event.user, result.message, where);
    // A tick on the adviser's message: it is on its way to the user.
    await client.reactions.add({ channel: event.channel, timestamp: event.ts, name: 'white_check_mark' }).catch(() => undefined);
  });
}

async function ephemeral(
  deps: Pick<SlackDeps, 'logger'>,
  client: webApi.WebClient,
  channel: string,
  user: string,
  text: string,
  extra: { thread_ts?: string } = {},
): Promise<void> {
  try {
    await client.chat.postEphemeral({ channel, user, text, ...extra });
  } catch (error) {
    deps.logger.warn('slack: could not tell the adviser', { channel, error });
  }
}
