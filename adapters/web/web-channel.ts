/**
 * The web chat as a Channel: its express app (chat page, JSON API, health check) mounted last, because its final
 * route answers 404 for anything else. Its users read their conversation from the database (the page streams the
 * stored messages), so its delivery port only confirms.
 */
import { createStoredMessageDeliveryPort } from '../../bot/escalation/stored-message-delivery.js';
import type { Channel, PlanChannel } from '../channel.js';
import { createAnswersInProgress, shedQuestionsOverCap } from './answers-in-progress.js';
import { createWebApp } from './create-web-app.js';
import { WEB_CHANNEL } from './create-api-router.js';
import type { WebAppOptions } from './web-app-options.js';
import { DEFAULT_WEB_RATE_LIMITS } from './request-limits.js';

/**
 * Builds the web channel.
 *
 * @example
 * const web = createWebChannel({ engine, audience: 'public', logger, db });
 * app.use(web.routes!.handler); // after every other channel
 */
export function createWebChannel(options: WebAppOptions): Channel {
  const answers = options.answers ?? createAnswersInProgress(options.maxAnswersInProgress);
  const app = createWebApp({ ...options, answers });
  return {
    name: WEB_CHANNEL,
    routes: { mount: 'fallback', handler: app },
    shedLoad: shedQuestionsOverCap(answers, { frameAncestors: options.embedOrigins }),
    deliveryPort: createStoredMessageDeliveryPort(WEB_CHANNEL),
    start: async () => undefined,
    // Its event streams are HTTP responses: the server ends them when it closes its connections.
    stop: async () => undefined,
    describe: () => `${WEB_CHANNEL}: til (chat på /)`,
  };
}

/** The web chat's place in the server's channel list: always on, with the settings' audience and limits, and the case form. */
export const planWebChannel: PlanChannel = () => ({ config, engine, logger, db, shuttingDown, submissions }) =>
  createWebChannel({
    engine,
    audience: config.web.audience,
    logger,
    db,
    maxAnswersInProgress: config.web.maxAnswersInProgress,
    rateLimits: { chat: { ...DEFAULT_WEB_RATE_LIMITS.chat, perAddress: config.web.chatsPerAddressPerMinute } },
    embedOrigins: config.web.embedOrigins,
    shuttingDown,
    submissions,
  });
