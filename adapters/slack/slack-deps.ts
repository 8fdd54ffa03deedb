/**
 * What the Slack listeners share: settings, the engine, the engine's records for this channel (de-duplication) and its
 * Slack store (cards, answered threads, Assistant thread contexts), the hand-off service and adviser lookup when
 * present, the case-submission service, a logger, the user directory (names and audiences), the engine's delivery path (post-acknowledgement work,
 * answers in order, outbox fallback) and the Slack port it posts answers through.
 */
import type { webApi } from '@slack/bolt';
import type { Engine } from '../../bot/engine-port.js';
import type { Adviser } from '../../bot/advisers/index.js';
import type { EscalationService } from '../../bot/escalation/escalation-port.js';
import type { ReplyDelivery } from '../../bot/delivery/index.js';
import type { Language } from '../../bot/messages.js';
import type { SubmissionService } from '../../bot/submissions/submission-port.js';
import type { ChannelRecords } from '../../bot/store/channel-records.js';
import type { SlackStore } from '../../bot/store/slack-store.js';
import type { Logger } from '../../config/logger.js';
import type { Audience } from '../../knowledge/index.js';
import type { SlackConfig } from './config.js';
import type { SlackDeliveryPort } from './slack-delivery-port.js';

/** Finds the adviser linked to a Slack user (`advisers.slack_user_id`); the adviser store fits. */
export interface AdviserLookup {
  findBySlackUser(slackUserId: string): Promise<Pick<Adviser, 'id' | 'name' | 'email' | 'enabled'> | undefined>;
}

/** A Slack user as the listeners need them. */
export interface SlackUser {
  /** For advisers' cards; undefined when unknown. */
  displayName?: string;
  /** Staff get SLACK_STAFF_AUDIENCE; guests, external people and anyone unknown get `public`. */
  audience: Audience;
  /** From the user's Slack locale (`users.info` with `include_locale`): `en` for English, else `da`; undefined when unknown. */
  language?: Language;
}

/** Slack users' names and audiences (cached; a failed or slow lookup gives `public` without a name). */
export interface UserDirectory {
  lookup(client: webApi.WebClient, userId: string): Promise<SlackUser>;
}

/** @internal The listeners' shared dependencies. */
export interface SlackDeps {
  config: SlackConfig;
  engine: Engine;
  /** The engine's records for channel `slack`: `claimOnce` de-duplicates events and messages. */
  records: ChannelRecords;
  /** Escalation cards, answered threads and Assistant thread contexts. */
  store: SlackStore;
  logger: Logger;
  users: UserDirectory;
  /** The engine's delivery path: answers wait here for a slot, each CPU-heavy step for its turn, and go out in order. */
  delivery: ReplyDelivery;
  /** The Slack delivery port with a short in-process retry: live (and streamed) answers go out through it. */
  port: SlackDeliveryPort;
  escalations?: EscalationService;
  advisers?: AdviserLookup;
  /** "Del jeres erfaring": stores the cases users share from the modal. Without it the modal says it is not set up. */
  submissions?: SubmissionService;
}
