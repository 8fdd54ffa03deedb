/**
 * Slack users as the bot needs them, from one `users.info` call: a display name (a nicety for advisers' cards) and
 * the audience (see staff-audience.ts: whether internal notes may be shown), and the language of their Slack locale
 * (for the adapter's own forms; answers follow the language of the question). Results are cached per process for
 * {@link USER_TTL_MS} (a user made a guest loses access within that time), a failed lookup for
 * {@link FAILURE_TTL_MS}; at most {@link MAX_USERS} users are kept. A slow lookup answers `public` without a name
 * after `timeoutMs` rather than delaying the answer; its result is still cached when it arrives.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../config/logger.js';
import type { SlackUser, UserDirectory } from './slack-deps.js';
import { audienceOf, type SlackUserRecord, type StaffPolicy } from './staff-audience.js';

export const USER_TTL_MS = 10 * 60 * 1000;
export const FAILURE_TTL_MS = 60 * 1000;
export const MAX_USERS = 2000;

/** Options for {@link createUserDirectory}. */
export interface UserDirectoryOptions {
  policy: StaffPolicy;
  /** The installing workspace's team id (auth.test); undefined when it cannot be had. */
  homeTeamId: () => Promise<string | undefined>;
  logger?: Logger;
  /** Longest wait for one lookup. @default 1500 */
  timeoutMs?: number;
  now?: () => number;
}

const UNKNOWN: SlackUser = { audience: 'public' };

/** Creates the cache. */
export function createUserDirectory(options: UserDirectoryOptions): UserDirectory {
  const { policy, logger } = options;
  const timeoutMs = options.timeoutMs ?? 1500;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { at: number; ttl: number; user: Promise<SlackUser> }>();

  async function fetchUser(client: webApi.WebClient, userId: string, entry: { ttl: number }): Promise<SlackUser> {
    try {
      const result = await client.users.info({ user: userId, include_locale: true });
      const record = result.user as
        | (SlackUserRecord & { name?: string; real_name?: string; locale?: string; profile?: { display_name?: string; real_name?: string } })
        | undefined;
      const homeTeamId = await options.homeTeamId().catch(() => undefined);
      if (homeTeamId === undefined && policy.staffTeamIds.length === 0 && policy.staffEmailDomains.length === 0) entry.ttl = FAILURE_TTL_MS;
      const name = record?.profile?.display_name || record?.real_name || record?.profile?.real_name || record?.name;
      // The user's Slack locale picks the language of the adapter's own forms (English for en-*, else Danish).
      const language = record?.locale ? (record.locale.toLowerCase().startsWith('en') ? 'en' : 'da') : undefined;
      return { audience: audienceOf(record, policy, homeTeamId), ...(name ? { displayName: name.slice(0, 200) } : {}), ...(language ? { language } : {}) };
    } catch (error) {
      // Missing users:read scope or a Slack hiccup: answer as for the public, and ask again soon.
      entry.ttl = FAILURE_TTL_MS;
      logger?.warn('slack: users.info failed; treating the user as public', { user: userId, error: (error as Error).message });
      return UNKNOWN;
    }
  }

  return {
    async lookup(client, userId) {
      let entry = cache.get(userId);
      if (!entry || now() - entry.at >= entry.ttl) {
        cache.delete(userId);
        if (cache.size >= MAX_USERS) cache.delete(cache.keys().next().value!);
        const fresh = { at: now(), ttl: USER_TTL_MS, user: Promise.resolve(UNKNOWN) };
        fresh.user = fetchUser(client, userId, fresh);
        cache.set(userId, fresh);
        entry = fresh;
      }
      return Promise.race([entry.user, sleep(timeoutMs, UNKNOWN, { ref: false })]);
    },
  };
}
