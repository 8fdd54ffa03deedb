/**
 * The questions whose answers cited a library document: what the console's library page shows beside a document,
 * so an adviser sees what it is used for. A citing answer is a bot message whose stored citations (migration 002,
 * `messages.citations`, a JSON array of `Citation`) include the document's id; its question is the user message
 * just before it in the same conversation. Message text is masked before it is stored (conversation-store.ts).
 */
import type { Queryable } from '../../knowledge/index.js';
import { maskPersonalData } from '../understanding/mask-personal-data.js';

export interface CitingQuestion {
  /** The user's question, masked.*/
  question: string;
  askedAt: string;
  /** The bot message that cited the document. */
  answerId: string;
  answeredAt: string;
  channel: string;
}

export interface CitingQuestionsOptions {
  /** Only answers from this moment on (the page says "recently"). */
  since: Date;
  /** @default 10 */
  limit?: number;
}

/**
 * The newest answers that cited `documentId`, with their questions, newest first. The scan is bounded by `since`
 * (the messages' created_at index): there is no index on the citations themselves.
 */
export async function listCitingQuestions(db: Queryable, documentId: string, options: CitingQuestionsOptions): Promise<CitingQuestion[]> {
  const result = await db.query<{ question: string; asked_at: Date | string; answer_id: string; answered_at: Date | string; channel: string }>(
    `SELECT q.text AS question, q.created_at AS asked_at, m.id AS answer_id, m.created_at AS answered_at, c.channel
     FROM messages m
     JOIN conversations c ON c.id = m.conversation_id
     CROSS JOIN LATERAL (
       SELECT u.text, u.created_at FROM messages u
       WHERE u.conversation_id = m.conversation_id AND u.role = 'user' AND u.created_at <= m.created_at
       ORDER BY u.created_at DESC
       LIMIT 1
     ) q
     WHERE m.role = 'bot' AND m.created_at >= $2 AND m.citations @> $1::jsonb
     ORDER BY m.created_at DESC, m.id
     LIMIT $3`,
    [JSON.stringify([{ documentId }]), options.since.toISOString(), options.limit ?? 10],
  );
  return result.rows.map((row) => ({
    // Masked again on the way out: rows stored before a masking rule existed must not show what it now catches.
    question: maskPersonalData(row.question).text,
    askedAt: new Date(row.asked_at).toISOString(),
    answerId: row.answer_id,
    answeredAt: new Date(row.answered_at).toISOString(),
    channel: row.channel,
  }));
}
