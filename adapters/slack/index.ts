/** The Slack channel: Bolt app (HTTP or Socket Mode), Block Kit rendering, hand-off delivery and the advisers' queue. */
export { createSlackChannel, type SlackChannel, type SlackChannelOptions } from './create-slack-channel.js';
export { createSlackApp, lazyAuthorize, SLACK_EVENTS_PATH, type BotIdentity, type SlackApp } from './create-slack-app.js';
export { loadSlackConfig, DEFAULT_SLASH_COMMAND, type SlackConfig } from './config.js';
export { renderReply, fallbackText, ACTION_IDS, type RenderedMessage, type RenderReplyOptions } from './render-reply.js';
export { markdownToMrkdwn, escapeMrkdwn, mrkdwnLink, safeLinkUrl, type MrkdwnOptions } from './markdown-to-mrkdwn.js';
export { splitMrkdwn, truncateMrkdwn, SLACK_LIMITS } from './split-mrkdwn.js';
export {
  toInboundMessage,
  slackTextToPlain,
  parseDeliveryRef,
  deliveryRefFromConversationKey,
  SLACK_CHANNEL,
  type SlackDeliveryRef,
  type SlackInboundMessage,
} from './to-inbound-message.js';
export { createSlackDeliveryPort, formatDelivery, type SlackDeliveryPort, type SlackDeliveryPortOptions } from './slack-delivery-port.js';
export { createSlackLiveReply, type SlackLiveReply, type SlackLiveReplyOptions } from './slack-live-reply.js';
export { createSlackAdviserNotifier, type SlackAdviserNotifier, type SlackAdviserNotifierOptions } from './slack-adviser-notifier.js';
export { renderEscalationCard, CARD_ACTION_IDS } from './escalation-card.js';
export { messageKey } from './event-dedupe.js';
export { withSlackRetry, isRetryableSlackError, DEFAULT_RETRY_POLICY, type RetryPolicy } from './post-with-retry.js';
export { createThreadContextStore } from './thread-context-store.js';
export type { AdviserLookup } from './slack-deps.js';
