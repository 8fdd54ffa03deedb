/**
 * Follows one web conversation in the database for its user's event stream: adviser and system messages newer than
 * a cursor, and changes of the conversation's latest escalation, in the order they happened. Poll-based, so a user
 * connected to one process sees what an adviser did through another.
 */
import type { Queryable } from '../../knowledge/db/db.js';
import type { WebLogger } from './web-app-options.js';

/** A message the page shows from the hand-off: an adviser's reply or a system line. */
export interface FeedMessage {
  id: string;
  role: 'adviser' | 'system';
  text: string;
  authorName?: string;
  createdAt: string;
}

/** The conversation's latest escalation as the page needs it. */
export interface FeedEscalation {
  id: string;
  status: 'queued' | 'claimed' | 'resolved' | 'cancelled';
  adviserName?: string;
}

/** One event for the stream, in the order of `at` (ms), except that a closed escalation comes last. */
export type FeedEvent = { type: 'message'; message: FeedMessage; at: number } | { type: 'escalation'; escalation: FeedEscalation; at: number };

/** Options for {@link followConversation}. */
export interface FollowOptions {
  /** Only messages after this one (the stream's `Last-Event-ID`); default: since the latest escalation opened. */
  afterMessageId?: string;
  intervalMs?: number;
  logger: WebLogger;
}

/** Rows committed late can carry an earlier timestamp: each poll looks back this far and skips what it sent. */
const OVERLAP_MS = 10_000;

const START = `SELECT coalesce(
    (SELECT created_at FROM messages WHERE id = $2 AND conversation_id = $1),
    (SELECT max(created_at) FROM escalations WHERE conversation_id = $1),
    now()) AS since`;

// Acknowledgements of the user's own messages ("Sendt til Anna.") come back as the answer to /api/chat already.
const MESSAGES = `SELECT id, role, text, author_name, created_at FROM messages
  WHERE conversation_id = $1 AND role IN ('adviser', 'system') AND intent IS DISTINCT FROM 'handoff_ack'
    AND created_at > $2::timestamptz
  ORDER BY created_at, id`;

const LATEST_ESCALATION = `SELECT id, status, adviser_name, updated_at FROM escalations
  WHERE conversation_id = $1 ORDER BY created_at DESC LIMIT 1`;

interface MessageRow {
  id: string;
  role: 'adviser' | 'system';
  text: string;
  author_name: string | null;
  created_at: Date | string;
}

interface EscalationRow {
  id: string;
  status: FeedEscalation['status'];
  adviser_name: string | null;
  updated_at: Date | string;
}

/**
 * Polls the conversation every `intervalMs` (default 1 s) and hands new events to `emit`. Returns `stop`.
 * The first poll reports the current escalation, so a (re)connecting page always learns where things stand.
 */
export function followConversation(db: Queryable, conversationKey: string, emit: (events: FeedEvent[]) => void, options: FollowOptions): () => void {
  const { intervalMs = 1000, logger } = options;
  const sent = new Map<string, number>();
  let since: Date | undefined;
  let floor = 0;
  let lastEscalation = '';
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let failing = false;

  async function poll(): Promise<void> {
    if (since === undefined) {
      const { rows } = await db.query<{ since: Date | string }>(START, [conversationKey, options.afterMessageId ?? '']);
      since = new Date(rows[0]!.since);
      floor = since.getTime();
      // Messages at exactly the cursor count as sent (the cursor is the last one the page saw, or the escalation).
      if (options.afterMessageId) sent.set(options.afterMessageId, since.getTime());
    }
    const from = new Date(since.getTime() - OVERLAP_MS).toISOString();
    const [messages, escalations] = await Promise.all([
      db.query<MessageRow>(MESSAGES, [conversationKey, from]),
      db.query<EscalationRow>(LATEST_ESCALATION, [conversationKey]),
    ]);
    const events: FeedEvent[] = [];
    for (const row of messages.rows) {
      const at = new Date(row.created_at).getTime();
      if (sent.has(row.id) || at < floor) continue;
      sent.set(row.id, at);
      const message: FeedMessage = { id: row.id, role: row.role, text: row.text, createdAt: new Date(at).toISOString() };
      if (row.author_name) message.authorName = row.author_name;
      events.push({ type: 'message', message, at });
    }
    const row = escalations.rows[0];
    if (row && `${row.id}|${row.status}|${row.adviser_name ?? ''}` !== lastEscalation) {
      lastEscalation = `${row.id}|${row.status}|${row.adviser_name ?? ''}`;
      const escalation: FeedEscalation = { id: row.id, status: row.status };
      if (row.adviser_name) escalation.adviserName = row.adviser_name;
      events.push({ type: 'escalation', escalation, at: new Date(row.updated_at).getTime() });
    }
    for (const [id, at] of sent) if (at < since.getTime() - 2 * OVERLAP_MS) sent.delete(id);
    const newest = Math.max(since.getTime(), ...messages.rows.map((m) => new Date(m.created_at).getTime()));
    since = new Date(newest);
    // By time; but the end of a hand-off goes last, after the closing line stored with it (the page stops there).
    const rank = (e: FeedEvent) => (e.type === 'escalation' && (e.escalation.status === 'resolved' || e.escalation.status === 'cancelled') ? 1 : 0);
    if (events.length > 0) emit(events.sort((a, b) => rank(a) - rank(b) || a.at - b.at));
  }

  const loop = () => {
    poll()
      .then(() => {
        if (failing) logger.info('conversation feed recovered', { conversationKey });
        failing = false;
      })
      .catch((cause: unknown) => {
        if (!failing) logger.warn('conversation feed poll failed', { conversationKey, cause });
        failing = true;
      })
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, intervalMs);
      });
  };
  loop();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
