/**
 * A database-backed `AssistantThreadContextStore`: the context of each Assistant thread (the channel the user was
 * looking at when they opened the panel), keyed by DM channel and thread ts, shared by every process. Bolt's default
 * keeps one context per process for all threads, which is wrong with more than one user.
 */
import type { AssistantConfig } from '@slack/bolt';
import type { Queryable } from '../../knowledge/index.js';

type AssistantThreadContextStore = NonNullable<AssistantConfig['threadContextStore']>;

/** The context Bolt hands around: which channel/team the user has open beside the panel. */
export interface ThreadContext {
  channel_id?: string;
  team_id?: string;
  enterprise_id?: string | null;
}

/** @internal Reads the thread's channel, ts and (for thread events) its context from an Assistant payload. */
export function assistantThreadOf(payload: unknown): { channelId?: string; threadTs?: string; context?: ThreadContext } {
  const event = (payload ?? {}) as { channel?: string; thread_ts?: string; assistant_thread?: { channel_id?: string; thread_ts?: string; context?: ThreadContext } };
  const thread = event.assistant_thread;
  return {
    channelId: thread?.channel_id ?? event.channel,
    threadTs: thread?.thread_ts ?? event.thread_ts,
    context: thread?.context && typeof thread.context === 'object' ? thread.context : undefined,
  };
}

/**
 * Creates the store.
 *
 * @example
 * new Assistant({ threadContextStore: createDbThreadContextStore(db), threadStarted, userMessage });
 */
export function createDbThreadContextStore(db: Queryable): AssistantThreadContextStore {
  return {
    async get({ payload }) {
      const { channelId, threadTs, context } = assistantThreadOf(payload);
      if (context?.channel_id) return context;
      if (!channelId || !threadTs) return {};
      const { rows } = await db.query<{ context: ThreadContext | string }>(
        'SELECT context FROM slack_assistant_threads WHERE channel_id = $1 AND thread_ts = $2',
        [channelId, threadTs],
      );
      const stored = rows[0]?.context;
      return typeof stored === 'string' ? (JSON.parse(stored) as ThreadContext) : (stored ?? {});
    },
    async save({ payload }) {
      const { channelId, threadTs, context } = assistantThreadOf(payload);
      if (!channelId || !threadTs) return;
      await db.query(
        `INSERT INTO slack_assistant_threads (channel_id, thread_ts, context) VALUES ($1, $2, $3::jsonb)
         ON CONFLICT (channel_id, thread_ts) DO UPDATE SET context = EXCLUDED.context, updated_at = now()`,
        [channelId, threadTs, JSON.stringify(context ?? {})],
      );
    },
  };
}

/**
 * Records the thread's title once. True only for the first caller, who then sets it in Slack (the first question
 * names the thread; later ones don't rename it).
 */
export async function claimThreadTitle(db: Queryable, channelId: string, threadTs: string, title: string): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO slack_assistant_threads (channel_id, thread_ts, title) VALUES ($1, $2, $3)
     ON CONFLICT (channel_id, thread_ts) DO UPDATE SET title = EXCLUDED.title, updated_at = now()
       WHERE slack_assistant_threads.title IS NULL
     RETURNING thread_ts`,
    [channelId, threadTs, title],
  );
  return rows.length === 1;
}
