/**
 * Bolt's `AssistantThreadContextStore` over the engine's Slack store: the context of each Assistant thread (the
 * channel the user was looking at when they opened the panel), keyed by DM channel and thread ts, shared by every
 * process. Bolt's default keeps one context per process for all threads, which is wrong with more than one user.
 */
import type { AssistantConfig } from '@slack/bolt';
import type { AssistantThreadContext, SlackStore } from '../../bot/store/slack-store.js';

type AssistantThreadContextStore = NonNullable<AssistantConfig['threadContextStore']>;

/** @internal Reads the thread's channel, ts and (for thread events) its context from an Assistant payload. */
export function assistantThreadOf(payload: unknown): { channelId?: string; threadTs?: string; context?: AssistantThreadContext } {
  const event = (payload ?? {}) as { channel?: string; thread_ts?: string; assistant_thread?: { channel_id?: string; thread_ts?: string; context?: AssistantThreadContext } };
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
 * new Assistant({ threadContextStore: createThreadContextStore(deps.store), threadStarted, userMessage });
 */
export function createThreadContextStore(store: Pick<SlackStore, 'assistantThreadContext' | 'saveAssistantThreadContext'>): AssistantThreadContextStore {
  return {
    async get({ payload }) {
      const { channelId, threadTs, context } = assistantThreadOf(payload);
      if (context?.channel_id) return context;
      if (!channelId || !threadTs) return {};
      return store.assistantThreadContext(channelId, threadTs);
    },
    async save({ payload }) {
      const { channelId, threadTs, context } = assistantThreadOf(payload);
      if (!channelId || !threadTs) return;
      await store.saveAssistantThreadContext(channelId, threadTs, context ?? {});
    },
  };
}
