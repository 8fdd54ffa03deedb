/**
 * The channel threads the bot answers in (`slack_threads`, migration 006_slack.sql), with the person who asked, so
 * their replies in the thread continue the conversation without a new mention – including while an adviser has the
 * conversation. Others in the thread still mention the bot to ask it something.
 */
import type { Queryable } from '../../knowledge/index.js';

/** Records that the bot answers `user` in this thread (the first asker stays the thread's owner). */
export async function rememberThread(db: Queryable, channel: string, threadTs: string, user: string): Promise<void> {
  await db.query(
    'INSERT INTO slack_threads (channel, thread_ts, user_id) VALUES ($1, $2, $3) ON CONFLICT (channel, thread_ts) DO NOTHING',
    [channel, threadTs, user],
  );
}

/** Whether `user` asked the bot in this thread, so their un-mentioned replies there are for the bot. */
export async function isOwnThread(db: Queryable, channel: string, threadTs: string, user: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM slack_threads WHERE channel = $1 AND thread_ts = $2 AND user_id = $3', [channel, threadTs, user]);
  return rows.length > 0;
}
