/**
 * Users' display names from `users.info`, cached per process for an hour. A name is a nicety (it labels the user on
 * an adviser's card): a slow or failing lookup gives `undefined` rather than delaying the answer.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { webApi } from '@slack/bolt';
import type { UserDirectory } from './slack-deps.js';

const TTL_MS = 60 * 60 * 1000;
const MAX_ENTRIES = 2000;

/** Creates the cache. `timeoutMs` bounds each lookup. @default 1500 */
export function createUserDirectory(timeoutMs = 1500): UserDirectory {
  const cache = new Map<string, { name?: string; at: number }>();
  return {
    async displayName(client, userId) {
      const hit = cache.get(userId);
      if (hit && Date.now() - hit.at < TTL_MS) return hit.name;
      const name = await Promise.race([
        lookup(client, userId),
        sleep(timeoutMs, undefined, { ref: false }),
      ]);
      if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
      cache.set(userId, { name, at: Date.now() });
      return name;
    },
  };
}

async function lookup(client: webApi.WebClient, userId: string): Promise<string | undefined> {
  try {
    const result = await client.users.info({ user: userId });
    const user = result.user;
    const name = user?.profile?.display_name || user?.real_name || user?.profile?.real_name || user?.name;
    return name ? name.slice(0, 200) : undefined;
  } catch {
    // Missing users:read scope or a Slack hiccup: the conversation goes on without a name.
    return undefined;
  }
}
