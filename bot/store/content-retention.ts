/**
 * Content retention (RETENTION_DAYS, default 180): what people wrote, and what was written to them, is kept for a
 * while after the conversation's last activity, then deleted. The hourly housekeeping runs it
 * (bot/store/housekeeping.ts); `npm run privacy -- purge [--dry-run]` runs it by hand.
 *
 * What goes after the cut-off:
 * - conversations with no activity since (their messages, feedback, escalations, Slack cards and escalation outbox
 *   rows go with them by cascade), and older messages of conversations that are still in use;
 * - knowledge gaps (the question is the user's words); Slack thread records whose conversation is gone;
 * - settled outbox rows (they carry the text they delivered).
 * What is emptied rather than deleted, because the insight figures count it: a feedback's comment (the vote stays), a
 * settled escalation's question, summary, last answer and note (who, when and how fast stay), and the resolution note
 * in audit entries (the audit log keeps who did what, when).
 *
 * What is kept whatever its age: a conversation with an open (queued or claimed) escalation, with its messages, since
 * an adviser is working on it; and a conversation with a delivery still pending in the outbox, since the user has not
 * got it yet (the dispatcher gives up within hours, after which the row is settled and the next run takes it). The
 * daily insight rollup holds counts only and is kept; advisers are staff records, not conversation content.
 *
 * No index is added for it: the hourly run reads conversations and the outbox once each (sequential scans of small
 * tables next to messages, which has its created_at index), and an index on conversations.updated_at would be written
 * on every message.
 */
import type { Db } from '../../knowledge/index.js';
import {
  CLEAR_EXPIRED_AUDIT_CONTENT,
  CLEAR_EXPIRED_ESCALATIONS,
  CLEAR_EXPIRED_FEEDBACK_TEXT,
  DELETE_EXPIRED_ASSISTANT_THREADS,
  DELETE_EXPIRED_CONVERSATIONS,
  DELETE_EXPIRED_GAPS,
  DELETE_EXPIRED_MESSAGES,
  DELETE_EXPIRED_SLACK_THREADS,
  DELETE_SETTLED_OUTBOX,
  PURGED_TABLES,
} from './retention-sql.js';
import { countTableRows } from './count-table-rows.js';

/** The default of RETENTION_DAYS. */
export const DEFAULT_RETENTION_DAYS = 180;

export type PurgedTable = (typeof PURGED_TABLES)[number];

/** What one purge removed (or, dry, would remove). */
export interface ContentPurgeReport {
  /** Content older than this went. */
  cutoff: Date;
  /** Rows deleted per table, cascades included. */
  deleted: Record<PurgedTable, number>;
  /** Rows kept with their content emptied. */
  emptied: { feedbackComments: number; escalations: number; auditEntries: number };
  /** Another process was purging at that moment; this one did nothing (the counts are zero). */
  skipped?: true;
}

/** An arbitrary constant: the advisory lock that lets one process purge at a time. */
const PURGE_LOCK_KEY = 74_657_016;

export interface ContentPurgeOptions {
  retentionDays: number;
  /** Count what would go, and change nothing. */
  dryRun?: boolean;
}

class DryRun extends Error {
  constructor(readonly report: ContentPurgeReport) {
    super('dry run');
  }
}

/**
 * Deletes (or empties) the content older than `retentionDays` before `now`, in one transaction. The counts come from
 * the tables themselves before and after (REPEATABLE READ, so another instance's writes meanwhile do not count), which
 * includes the rows that went by cascade. A dry run does the same and rolls back.
 *
 * @example
 * const report = await purgeExpiredContent(db, new Date(), { retentionDays: 180, dryRun: true });
 * report.deleted.messages; // how many messages would go
 */
export async function purgeExpiredContent(db: Db, now: Date, options: ContentPurgeOptions): Promise<ContentPurgeReport> {
  const cutoff = new Date(now.getTime() - options.retentionDays * 86_400_000);
  try {
    return await db.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      // Every instance runs the hourly purge; two at once would delete the same rows and one would fail to serialise.
      const locked = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [PURGE_LOCK_KEY]);
      if (!locked.rows[0]?.locked) return { ...emptyReport(cutoff), skipped: true as const };
      const before = await countTableRows(tx, PURGED_TABLES);
      const params = [cutoff.toISOString()];
      for (const statement of [
        DELETE_EXPIRED_GAPS,
        DELETE_EXPIRED_CONVERSATIONS,
        DELETE_EXPIRED_MESSAGES,
        DELETE_SETTLED_OUTBOX,
        DELETE_EXPIRED_SLACK_THREADS,
        DELETE_EXPIRED_ASSISTANT_THREADS,
      ]) {
        await tx.query(statement, params);
      }
      // After the deletes, so a row that went whole is not counted as emptied too.
      const emptied = {
        feedbackComments: (await tx.query(CLEAR_EXPIRED_FEEDBACK_TEXT, params)).affectedRows,
        escalations: (await tx.query(CLEAR_EXPIRED_ESCALATIONS, params)).affectedRows,
        auditEntries: (await tx.query(CLEAR_EXPIRED_AUDIT_CONTENT, params)).affectedRows,
      };
      const after = await countTableRows(tx, PURGED_TABLES);
      const deleted = Object.fromEntries(PURGED_TABLES.map((table) => [table, before[table] - after[table]])) as Record<PurgedTable, number>;
      const report: ContentPurgeReport = { cutoff, deleted, emptied };
      if (options.dryRun) throw new DryRun(report);
      return report;
    });
  } catch (error) {
    if (error instanceof DryRun) return error.report;
    throw error;
  }
}

function emptyReport(cutoff: Date): ContentPurgeReport {
  const deleted = Object.fromEntries(PURGED_TABLES.map((table) => [table, 0])) as Record<PurgedTable, number>;
  return { cutoff, deleted, emptied: { feedbackComments: 0, escalations: 0, auditEntries: 0 } };
}

/** True when the purge changed anything (for logging only what did something). */
export function purgedAnything(report: ContentPurgeReport): boolean {
  return Object.values(report.deleted).some((n) => n > 0) || Object.values(report.emptied).some((n) => n > 0);
}
