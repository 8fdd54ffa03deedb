import type { Queryable } from '../../knowledge/index.js';

/** Stores a 👍/👎 (one per user per reply; a second click changes the vote). */
export async function upsertFeedback(
  db: Queryable,
  input: { messageId: string; userId: string; channel: string; value: 'up' | 'down'; comment?: string },
): Promise<void> {
  await db.query(
    `INSERT INTO feedback (message_id, user_id, channel, value, comment) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (message_id, user_id) DO UPDATE SET value = EXCLUDED.value,
       comment = coalesce(EXCLUDED.comment, feedback.comment), updated_at = now()`,
    [input.messageId, input.userId, input.channel, input.value, input.comment ?? null],
  );
}

export type GapReason = 'low_confidence' | 'thumbs_down' | 'no_answer';

/** Records a question the library could not answer well; once per message and reason. */
export async function recordGap(
  db: Queryable,
  gap: { conversationId: string; messageId: string; question: string; reason: GapReason; confidence?: number; language: string },
): Promise<void> {
  await db.query(
    `INSERT INTO knowledge_gaps (conversation_id, message_id, question, reason, confidence, language)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (message_id, reason) DO NOTHING`,
    [gap.conversationId, gap.messageId, gap.question, gap.reason, gap.confidence ?? null, gap.language],
  );
}

export interface GapRow {
  question: string;
  reason: GapReason;
  confidence: number | null;
  created_at: string | Date;
}

export async function listGaps(db: Queryable, options: { sinceDays?: number; limit?: number } = {}): Promise<GapRow[]> {
  const result = await db.query<GapRow>(
    `SELECT question, reason, confidence, created_at FROM knowledge_gaps
     WHERE created_at >= now() - make_interval(days => $1::int) ORDER BY created_at DESC LIMIT $2`,
    [options.sinceDays ?? 90, options.limit ?? 5000],
  );
  return result.rows;
}
