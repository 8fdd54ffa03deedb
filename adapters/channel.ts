/**
 * What every channel gives the composition root (adapters/server.ts), so the server loops over a list instead of
 * wiring each channel by hand: its HTTP routes and where they go, its delivery port and advisers' notifier for the
 * outbox dispatcher, start / stop, and its line in the start-up banner. A new channel is one folder whose factory
 * returns a `Channel`, plus one line in the server's channel list.
 */
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import type { AdviserStore } from '../bot/advisers/index.js';
import type { ReplyDelivery } from '../bot/delivery/index.js';
import type { Engine } from '../bot/engine-port.js';
import type { AdviserNotifier, DeliveryPort, EscalationService } from '../bot/escalation/escalation-port.js';
import type { LibraryPublisher, SubmissionService } from '../bot/submissions/submission-port.js';
import type { Config } from '../config/env.js';
import type { Logger } from '../config/logger.js';
import type { Db } from '../knowledge/index.js';

/**
 * Where a channel's routes are mounted, in this order:
 * - `webhook`: a platform's endpoint that reads its own raw body (Slack verifies the signature of the bytes, Teams
 *   parses its own JSON): before any body parser and before the web app's 404;
 * - `page`: pages and APIs of their own (the advisers' console);
 * - `fallback`: the web app, whose last route answers 404 for anything else: always last.
 */
export type ChannelMount = 'webhook' | 'page' | 'fallback';

/** The mount order of {@link ChannelMount}. */
export const MOUNT_ORDER: readonly ChannelMount[] = ['webhook', 'page', 'fallback'];

/** A channel as the server sees it. */
export interface Channel {
  /** Short name for logs (`slack`, `teams`, `web`, `console`). */
  readonly name: string;
  /** Its HTTP routes (none for Socket Mode, say), mounted in {@link MOUNT_ORDER}. */
  readonly routes?: { mount: ChannelMount; handler: RequestHandler };
  /**
   * Refuses at once a request this channel has no room for (its cap on answers in progress), before the server logs,
   * counts and routes it (adapters/load-shedding.ts). Undefined lets the request through to `routes`, which must
   * refuse it the same way if it gets there over the cap. Synchronous and cheap: it runs for every request.
   */
  readonly shedLoad?: (req: IncomingMessage) => ShedResponse | undefined;
  /** Delivers advisers' messages and queued answers into this channel's conversations (the outbox dispatcher's). */
  readonly deliveryPort?: DeliveryPort;
  /** Posts the advisers' queue events where advisers work in this channel. */
  readonly notifier?: AdviserNotifier;
  /** Opens what must be open before the channel works (Socket Mode's connection); called once the server listens. */
  start(): Promise<void>;
  /**
   * Stops taking work (closes connections and event streams), then finishes the answers in progress until
   * `deadline`. Called in reverse start order before the database closes.
   */
  stop(deadline: Date): Promise<void>;
  /** One line for the start-up banner: on or off, where, and how. */
  describe(): string;
}

/**
 * A channel that is switched off: nothing but its banner line (and, for a platform endpoint that must not stay
 * silent, a router that refuses it).
 *
 * @example
 * offChannel('slack', 'slack: fra (sæt SLACK_BOT_TOKEN og SLACK_SIGNING_SECRET for at slå til)');
 */
export function offChannel(name: string, line: string, routes?: Channel['routes']): Channel {
  return {
    name,
    ...(routes ? { routes } : {}),
    start: async () => undefined,
    stop: async () => undefined,
    describe: () => line,
  };
}

/** A refusal {@link Channel.shedLoad} chose: the server writes it (adding the request id), counts it and logs it. */
export interface ShedResponse {
  /** The route pattern refused (`/api/chat`): the metrics' `route` label and the log line's URL. */
  route: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What the server gives every channel it builds. */
export interface ChannelDeps {
  /** The validated settings (the web chat's audience and limits, say). */
  config: Config;
  engine: Engine;
  escalations: EscalationService;
  advisers: AdviserStore;
  /** Case submissions ("Del jeres erfaring") and the advisers' Forslag queue. */
  submissions: SubmissionService;
  /** LIBRARY_DIR's files: the console's uploads and unpublishing. */
  library: LibraryPublisher;
  /** The engine's database: channels hand it to the engine's stores, never run SQL on it themselves. */
  db: Db;
  logger: Logger;
  /** The engine's one delivery path, shared by all channels (one concurrency limit per process). */
  delivery: ReplyDelivery;
  /** True once the server has begun to shut down (the web channel's `/readyz` then answers 503). */
  shuttingDown: () => boolean;
}

/**
 * A channel's own settings, read and validated from the environment before anything is opened (a bad one stops the
 * start with its name), and the step that builds the channel once the engine is up. A channel that is off still
 * returns a plan: it builds an {@link offChannel}.
 */
export type PlanChannel = (env: Record<string, string | undefined>) => (deps: ChannelDeps) => Channel;
