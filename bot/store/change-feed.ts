/**
 * The engine's change feed: one database poller per process, shared by every open event stream (the web chat's
 * hand-off streams and the advisers' console). Each poll is two queries, however many streams are open: escalations
 * whose `updated_at` moved, and new messages that someone may be following (adviser and system messages, and any
 * message in a conversation with an open escalation). It runs only while someone subscribes.
 *
 * Why a poller and not LISTEN/NOTIFY: the database is the source of truth and several instances behind a load
 * balancer must see each other's changes, so every instance must read the database; a poll does that with the same
 * SQL on PGlite and Postgres and needs no dedicated connection. One poll a second per process, however many
 * streams, is cheap (both queries use an index on the timestamp: migration 015).
 */
import type { Queryable } from '../../knowledge/index.js';
import { outsideRequestContext } from '../../observability/request-context.js';

/** An escalation that changed (was opened, claimed, released, resolved, cancelled…). */
export interface EscalationUpdate {
  id: string;
  conversationId: string;
  status: 'queued' | 'claimed' | 'resolved' | 'cancelled';
  adviserName?: string;
  /** ms since the epoch */
  createdAt: number;
  updatedAt: number;
}

/** A new message someone may follow. */
export interface MessageAdded {
  id: string;
  conversationId: string;
  role: 'user' | 'bot' | 'adviser' | 'system';
  text: string;
  authorName?: string;
  intent?: string;
  /** ms since the epoch */
  createdAt: number;
  /** The conversation's open escalation when the message was seen, if any. */
  openEscalation?: { id: string; status: string };
}

/** What one poll found, each change once. */
export interface ChangeBatch {
  escalations: EscalationUpdate[];
  messages: MessageAdded[];
}

/** The shared feed; see the module comment. */
export interface ChangeFeed {
  /** Calls `listener` with every later batch that has changes. Returns the unsubscribe function. */
  subscribe(listener: (batch: ChangeBatch) => void): () => void;
  /**
   * Resolves once the feed knows what already exists (its first poll after starting), so a subscriber can read the
   * state it needs after this without missing a change in between.
   */
  ready(): Promise<void>;
  /** @internal Polls now (tests; the interval does it otherwise). */
  pollNow(): Promise<void>;
  /** Stops polling and drops every subscriber (a later subscriber starts it again). */
  close(): void;
}

/** Options for {@link createChangeFeed}. */
export interface ChangeFeedOptions {
  /** @default 1000 */
  intervalMs?: number;
  logger: { warn(message: string, details?: Record<string, unknown>): void; info(message: string, details?: Record<string, unknown>): void };
}

/** Rows committed late carry earlier timestamps: each poll looks back this far and skips what it reported. */
const OVERLAP_MS = 10_000;

const CHANGED_ESCALATIONS = `SELECT id, conversation_id, status, adviser_name, created_at, updated_at, updated_at::text AS stamp
  FROM escalations WHERE updated_at > $1::timestamptz ORDER BY updated_at`;

const NEW_MESSAGES = `SELECT m.id, m.conversation_id, m.role, m.text, m.author_name, m.intent, m.created_at,
    e.id AS escalation_id, e.status AS escalation_status
  FROM messages m
  LEFT JOIN escalations e ON e.conversation_id = m.conversation_id AND e.status IN ('queued', 'claimed')
  WHERE m.created_at > $1::timestamptz AND (m.role IN ('adviser', 'system') OR e.id IS NOT NULL)
  ORDER BY m.created_at, m.id`;

interface EscalationRow {
  id: string;
  conversation_id: string;
  status: EscalationUpdate['status'];
  adviser_name: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  stamp: string;
}

interface MessageRow {
  id: string;
  conversation_id: string;
  role: MessageAdded['role'];
  text: string;
  author_name: string | null;
  intent: string | null;
  created_at: Date | string;
  escalation_id: string | null;
  escalation_status: string | null;
}

const ms = (value: Date | string) => new Date(value).getTime();

/**
 * Creates a feed (idle until the first subscriber). Use {@link changeFeedFor} to share one per database.
 *
 * @example
 * const feed = createChangeFeed(db, { logger });
 * const unsubscribe = feed.subscribe(({ escalations, messages }) => …);
 */
export function createChangeFeed(db: Queryable, options: ChangeFeedOptions): ChangeFeed {
  const { intervalMs = 1000, logger } = options;
  const listeners = new Set<(batch: ChangeBatch) => void>();
  const seen = new Map<string, number>();
  let cursor = 0;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let generation = 0;
  let failing = false;
  let learned: Promise<void> = Promise.resolve();
  let inFlight: Promise<void> = Promise.resolve();

  async function poll(report: boolean, mine: number): Promise<void> {
    if (cursor === 0) {
      const { rows } = await db.query<{ now: Date | string }>('SELECT now() AS now');
      if (mine !== generation) return;
      cursor = ms(rows[0]!.now);
    }
    const from = new Date(cursor - OVERLAP_MS).toISOString();
    const [escalations, messages] = await Promise.all([
      db.query<EscalationRow>(CHANGED_ESCALATIONS, [from]),
      db.query<MessageRow>(NEW_MESSAGES, [from]),
    ]);
    // Stopped (or restarted) while the queries ran: this result belongs to nobody.
    if (mine !== generation || !running) return;
    const batch: ChangeBatch = { escalations: [], messages: [] };
    const isNew = (key: string, at: number) => {
      cursor = Math.max(cursor, at);
      if (seen.has(key)) return false;
      seen.set(key, at);
      return report;
    };
    for (const row of escalations.rows) {
      if (!isNew(`e:${row.id}@${row.stamp}`, ms(row.updated_at))) continue;
      batch.escalations.push({
        id: row.id,
        conversationId: row.conversation_id,
        status: row.status,
        ...(row.adviser_name ? { adviserName: row.adviser_name } : {}),
        createdAt: ms(row.created_at),
        updatedAt: ms(row.updated_at),
      });
    }
    for (const row of messages.rows) {
      if (!isNew(`m:${row.id}`, ms(row.created_at))) continue;
      batch.messages.push({
        id: row.id,
        conversationId: row.conversation_id,
        role: row.role,
        text: row.text,
        ...(row.author_name ? { authorName: row.author_name } : {}),
        ...(row.intent ? { intent: row.intent } : {}),
        createdAt: ms(row.created_at),
        ...(row.escalation_id ? { openEscalation: { id: row.escalation_id, status: row.escalation_status ?? '' } } : {}),
      });
    }
    for (const [key, at] of seen) if (at < cursor - 3 * OVERLAP_MS) seen.delete(key);
    if (batch.escalations.length + batch.messages.length === 0) return;
    for (const listener of [...listeners]) {
      try {
        listener(batch);
      } catch (cause) {
        logger.warn('change feed listener failed', { cause });
      }
    }
  }

  /** One poll at a time, whoever asks (the interval or pollNow). */
  function run(report: boolean, mine: number): Promise<void> {
    inFlight = inFlight.then(() =>
      poll(report, mine).then(
        () => {
          if (failing) logger.info('change feed recovered');
          failing = false;
        },
        (cause: unknown) => {
          if (!failing) logger.warn('change feed poll failed', { cause });
          failing = true;
        },
      ),
    );
    return inFlight;
  }

  function schedule(mine: number): void {
    if (!running || mine !== generation) return;
    timer = setTimeout(() => void run(true, mine).finally(() => schedule(mine)), intervalMs);
  }

  function start(): void {
    running = true;
    const mine = ++generation;
    // The first poll only learns what exists, so a new subscriber is not flooded with old changes.
    learned = run(false, mine);
    void learned.finally(() => schedule(mine));
  }

  function stop(): void {
    running = false;
    generation += 1;
    if (timer) clearTimeout(timer);
    timer = undefined;
    seen.clear();
    cursor = 0;
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      // The poller is shared: the request whose subscriber starts it does not own its later log lines.
      if (!running) outsideRequestContext(start);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) stop();
      };
    },
    ready: () => learned,
    pollNow: () => (running ? run(true, generation) : Promise.resolve()),
    close() {
      listeners.clear();
      stop();
    },
  };
}

const shared = new WeakMap<object, ChangeFeed>();

/**
 * The one feed of this process for `db` (created with `options` on first use), so the web chat's streams and the
 * console's share one poller.
 *
 * @example
 * const changes = changeFeedFor(db, { logger });
 */
export function changeFeedFor(db: Queryable, options: ChangeFeedOptions): ChangeFeed {
  let feed = shared.get(db);
  if (!feed) {
    feed = createChangeFeed(db, options);
    shared.set(db, feed);
  }
  return feed;
}
