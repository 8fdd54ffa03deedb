/**
 * What the Slack listeners share: settings, the engine, the engine's records for this channel (de-duplication) and its
 * Slack store (cards, answered threads, Assistant thread contexts), the hand-off service and adviser lookup when present, a logger, the reply retry policy, the user directory (names and
 * audiences) and the post-acknowledgement work queue.
 */
import type { webApi } from '@slack/bolt';
import type { Engine } from '../../bot/engine-port.js';
import type { Adviser } from '../../bot/advisers/index.js';
import type { EscalationService } from '../../bot/escalation/escalation-port.js';
import type { ChannelRecords } from '../../bot/store/channel-records.js';
import type { SlackStore } from '../../bot/store/slack-store.js';
import type { Logger } from '../../config/logger.js';
import type { Audience, Db } from '../../knowledge/index.js';
import type { SlackConfig } from './config.js';
import type { RetryPolicy } from './post-with-retry.js';
import type { WorkQueue } from './work-queue.js';

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
}

/** Slack users' names and audiences (cached; a failed or slow lookup gives `public` without a name). */
export interface UserDirectory {
  lookup(client: webApi.WebClient, userId: string): Promise<SlackUser>;
}

/** @internal The listeners' shared dependencies. */
export interface SlackDeps {
  config: SlackConfig;
  engine: Engine;
  /** Handed to the engine's outbox functions (a reply that could not be posted is queued there). */
  db: Db;
  /** The engine's records for channel `slack`: `claimOnce` de-duplicates events and messages. */
  records: ChannelRecords;
  /** Escalation cards, answered threads and Assistant thread contexts. */
  store: SlackStore;
  logger: Logger;
  retry: RetryPolicy;
  users: UserDirectory;
  /** Post-acknowledgement work: answers wait here for a slot, and each CPU-heavy step for its turn. */
  work: WorkQueue;
  escalations?: EscalationService;
  advisers?: AdviserLookup;
}
