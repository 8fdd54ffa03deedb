/**
 * Follows one conversation for its user's event stream: the adviser's and the system's messages newer than a cursor,
 * and changes of the conversation's latest escalation, in the order they happened. It reads the conversation once
 * (what happened since the cursor, and where the escalation stands) and then takes what the process's shared
 * {@link ChangeFeed} finds, so an open stream costs no poll of its own; the feed reads the database, so a user
 * connected to one instance sees what an adviser did through another.
 */
import type { Queryable } from '../../knowledge/index.js';
import type { ChangeBatch, ChangeFeed } from './change-feed.js';

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
  /**
   * When there is no (known) `afterMessageId`: messages from this moment on (ISO time; a moment in the future counts
   * as now). A page that follows a shared case gives the time it was sent, so messages that came while it was
   * closed are shown, and nothing older.
   */
  since?: string;
  /** Called once the conversation's first read has been handed to `emit` (also when it found nothing). */
  onRead?: () => void;
  /** Wait before reading the conversation again after a failed read. @default 1000 */
  retryMs?: number;
  logger: { warn(message: string, details?: Record<string, unknown>): void; info(message: string, details?: Record<string, unknown>): void };
}

const START = `SELECT coalesce(
    (SELECT created_at FROM messages WHERE id = $2 AND conversation_id = $1),
    CASE WHEN $3::timestamptz IS NOT NULL THEN least($3::timestamptz, now()) END,
    (SELECT max(created_at) FROM escalations WHERE conversation_id = $1),
    now()) AS since`;

// Acknowledgements of the user's own messages ("Sendt til Anna.") come back as the answer to /api/chat already.
const MESSAGES = `SELECT id, role, text, author_name, created_at FROM messages
  WHERE conversation_id = $1 AND role IN ('adviser', 'system') AND intent IS DISTINCT FROM 'handoff_ack'
    AND created_at >= $2::timestamptz
  ORDER BY created_at, id`;

const LATEST_ESCALATION = `SELECT id, status, adviser_name, created_at, updated_at FROM escalations
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
  created_at: Date | string;
  updated_at: Date | string;
}

const ms = (value: Date | string) => new Date(value).getTime();
const HANDOFF_ACK = 'handoff_ack';

/**
 * Hands the conversation's events to `emit` until the returned `stop` is called. The first events report the
 * current escalation, so a (re)connecting page always learns where things stand.
 *
 * @example
 * const stop = followConversation(changes, db, 'web:4f…', (events) => …, { logger, afterMessageId: lastEventId });
 */
export function followConversation(
  feed: ChangeFeed,
  db: Queryable,
  conversationKey: string,
  emit: (events: FeedEvent[]) => void,
  options: FollowOptions,
): () => void {
  const { logger, retryMs = 1000 } = options;
  const sent = new Map<string, number>();
  let floor = 0;
  let newest = 0;
  let lastEscalation = '';
  let latestEscalationCreated = Number.NEGATIVE_INFINITY;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  // Batches that arrive while the conversation is first read wait here, then pass the same filters.
  let waiting: ChangeBatch[] | undefined = [];

  function message(row: { id: string; role: 'adviser' | 'system'; text: string; authorName?: string; at: number }): FeedEvent | undefined {
    if (sent.has(row.id) || row.at < floor) return undefined;
    sent.set(row.id, row.at);
    newest = Math.max(newest, row.at);
    const text: FeedMessage = { id: row.id, role: row.role, text: row.text, createdAt: new Date(row.at).toISOString() };
    if (row.authorName) text.authorName = row.authorName;
    return { type: 'message', message: text, at: row.at };
  }

  function escalation(row: { id: string; status: FeedEscalation['status']; adviserName?: string; createdAt: number; updatedAt: number }): FeedEvent | undefined {
    // Only the latest escalation counts: an older one changing (or a late report of one) is not what the page shows.
    if (row.createdAt < latestEscalationCreated) return undefined;
    latestEscalationCreated = row.createdAt;
    const key = `${row.id}|${row.status}|${row.adviserName ?? ''}`;
    if (key === lastEscalation) return undefined;
    lastEscalation = key;
    const value: FeedEscalation = { id: row.id, status: row.status };
    if (row.adviserName) value.adviserName = row.adviserName;
    return { type: 'escalation', escalation: value, at: row.updatedAt };
  }

  function send(events: Array<FeedEvent | undefined>): void {
    for (const [id, at] of sent) if (at < newest - 60_000) sent.delete(id);
    const present = events.filter((event): event is FeedEvent => event !== undefined);
    // By time; but the end of a hand-off goes last, after the closing line stored with it (the page stops there).
    const rank = (e: FeedEvent) => (e.type === 'escalation' && (e.escalation.status === 'resolved' || e.escalation.status === 'cancelled') ? 1 : 0);
    if (present.length > 0 && !stopped) emit(present.sort((a, b) => rank(a) - rank(b) || a.at - b.at));
  }

  function fromBatch(batch: ChangeBatch): Array<FeedEvent | undefined> {
    const events: Array<FeedEvent | undefined> = [];
    for (const added of batch.messages) {
      if (added.conversationId !== conversationKey || (added.role !== 'adviser' && added.role !== 'system') || added.intent === HANDOFF_ACK) continue;
      events.push(message({ id: added.id, role: added.role, text: added.text, authorName: added.authorName, at: added.createdAt }));
    }
    const mine = batch.escalations.filter((update) => update.conversationId === conversationKey).sort((a, b) => a.createdAt - b.createdAt);
    const latest = mine[mine.length - 1];
    if (latest) events.push(escalation(latest));
    return events;
  }

  async function readConversation(): Promise<void> {
    await feed.ready();
    const { rows } = await db.query<{ since: Date | string }>(START, [conversationKey, options.afterMessageId ?? '', options.since ?? null]);
    const since = ms(rows[0]!.since);
    const [messages, escalations] = await Promise.all([
      db.query<MessageRow>(MESSAGES, [conversationKey, new Date(since).toISOString()]),
      db.query<EscalationRow>(LATEST_ESCALATION, [conversationKey]),
    ]);
    floor = since;
    // The message at the cursor is the last one the page saw.
    if (options.afterMessageId) sent.set(options.afterMessageId, since);
    const events = messages.rows.map((row) =>
      message({ id: row.id, role: row.role, text: row.text, authorName: row.author_name ?? undefined, at: ms(row.created_at) }),
    );
    const row = escalations.rows[0];
    if (row) {
      events.push(escalation({ id: row.id, status: row.status, adviserName: row.adviser_name ?? undefined, createdAt: ms(row.created_at), updatedAt: ms(row.updated_at) }));
    }
    for (const batch of waiting ?? []) events.push(...fromBatch(batch));
    waiting = undefined;
    send(events);
    if (!stopped) options.onRead?.();
  }

  const unsubscribe = feed.subscribe((batch) => {
    if (waiting) waiting.push(batch);
    else send(fromBatch(batch));
  });

  const start = () => {
    readConversation().catch((cause: unknown) => {
      logger.warn('conversation feed: could not read the conversation; trying again', { conversationKey, cause });
      if (!stopped) retry = setTimeout(start, retryMs);
    });
  };
  start();

  return () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    unsubscribe();
  };
}
