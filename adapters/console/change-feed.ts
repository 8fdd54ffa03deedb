/**
 * The console's live updates: one database poller per process, shared by every connected adviser. Every ~1 s it
 * looks for escalations whose `updated_at` moved and for new messages in conversations with an open escalation,
 * and tells the subscribers. It runs only while someone listens. Poll-based, so changes made by another process
 * (or another instance behind a load balancer) show up too.
 */
import type { Queryable } from '../../knowledge/db/db.js';
import type { WebLogger } from '../web/index.js';

/** One change the console should react to (it re-reads the escalation through the API). */
export interface EscalationChange {
  id: string;
  status: string;
  /** `updated`: the escalation itself changed (new, claimed, released, resolved…); `message`: a new message. */
  kind: 'updated' | 'message';
  /** For `message`: who wrote it. */
  role?: string;
}

/** A shared poller; `subscribe` returns the unsubscribe function. */
export interface ChangeFeed {
  subscribe(listener: (changes: EscalationChange[]) => void): () => void;
  /** Stops polling and drops every subscriber. */
  close(): void;
}

/** Rows committed late carry earlier timestamps: each poll looks back this far and skips what it reported. */
const OVERLAP_MS = 10_000;

const CHANGED = `SELECT id, status, updated_at::text AS stamp, updated_at FROM escalations
  WHERE updated_at > $1::timestamptz ORDER BY updated_at`;

const NEW_MESSAGES = `SELECT m.id AS message_id, m.role, m.created_at, e.id, e.status FROM messages m
  JOIN escalations e ON e.conversation_id = m.conversation_id AND e.status IN ('queued', 'claimed')
  WHERE m.created_at > $1::timestamptz ORDER BY m.created_at`;

interface ChangedRow {
  id: string;
  status: string;
  stamp: string;
  updated_at: Date | string;
}

interface MessageRow {
  message_id: string;
  role: string;
  created_at: Date | string;
  id: string;
  status: string;
}

/** Creates the feed (idle until the first subscriber). */
export function createChangeFeed(db: Queryable, options: { intervalMs?: number; logger: WebLogger }): ChangeFeed {
  const { intervalMs = 1000, logger } = options;
  const listeners = new Set<(changes: EscalationChange[]) => void>();
  const seen = new Map<string, number>();
  let cursor = 0;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let generation = 0;
  let failing = false;

  async function poll(report: boolean, mine: number): Promise<void> {
    if (cursor === 0) {
      const { rows } = await db.query<{ now: Date | string }>('SELECT now() AS now');
      if (mine !== generation) return;
      cursor = new Date(rows[0]!.now).getTime();
    }
    const from = new Date(cursor - OVERLAP_MS).toISOString();
    const [changed, messages] = await Promise.all([
      db.query<ChangedRow>(CHANGED, [from]),
      db.query<MessageRow>(NEW_MESSAGES, [from]),
    ]);
    // Stopped (or restarted) while the queries ran: this result belongs to nobody.
    if (mine !== generation || !running) return;
    const changes: EscalationChange[] = [];
    const note = (key: string, at: number, change: EscalationChange) => {
      cursor = Math.max(cursor, at);
      if (seen.has(key)) return;
      seen.set(key, at);
      if (report) changes.push(change);
    };
    for (const row of changed.rows) {
      note(`e:${row.id}@${row.stamp}`, new Date(row.updated_at).getTime(), { id: row.id, status: row.status, kind: 'updated' });
    }
    for (const row of messages.rows) {
      note(`m:${row.message_id}`, new Date(row.created_at).getTime(), { id: row.id, status: row.status, kind: 'message', role: row.role });
    }
    for (const [key, at] of seen) if (at < cursor - 3 * OVERLAP_MS) seen.delete(key);
    if (changes.length === 0) return;
    for (const listener of [...listeners]) {
      try {
        listener(changes);
      } catch (cause) {
        logger.warn('escalation change listener failed', { cause });
      }
    }
  }

  function schedule(mine: number): void {
    if (!running || mine !== generation) return;
    timer = setTimeout(() => {
      poll(true, mine)
        .then(() => {
          failing = false;
        })
        .catch((cause: unknown) => {
          if (!failing) logger.warn('escalation change feed poll failed', { cause });
          failing = true;
        })
        .finally(() => schedule(mine));
    }, intervalMs);
  }

  function start(): void {
    running = true;
    const mine = ++generation;
    // The first poll only learns what exists, so a new subscriber is not flooded with old changes.
    poll(false, mine)
      .catch((cause: unknown) => logger.warn('escalation change feed poll failed', { cause }))
      .finally(() => schedule(mine));
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
      if (!running) start();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) stop();
      };
    },
    close() {
      listeners.clear();
      stop();
    },
  };
}
