/**
 * De-duplication of platform events, for every channel alike: Slack retries an event it thinks went unanswered and
 * may deliver one message as two events; Teams re-delivers a turn that runs long. Each is claimed once in
 * `processed_events`, which holds across processes: the first INSERT wins, every later one meets the conflict.
 * Old claims are removed by housekeeping (housekeeping.ts).
 */
import type { Queryable } from '../../knowledge/index.js';

/**
 * Claims `key` of `source` (the channel) atomically: true for the first caller in any process, false for every
 * duplicate.
 *
 * @example
 * if (!(await claimOnce(db, 'slack', `event:${body.event_id}`))) return; // a retry: already answered
 */
export async function claimOnce(db: Queryable, source: string, key: string): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO processed_events (source, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
    [source, key],
  );
  return rows.length === 1;
}
