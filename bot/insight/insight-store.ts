/**
 * Runs the insight page's SQL (insight-queries.ts) and maps the rows. One function per figure. The counted figures
 * read the daily rollup for whole days (`ensureRollup` first); gaps and escalations read their own tables for the
 * period's instants.
 */
import type { Queryable } from '../../knowledge/index.js';
import type { GapInput } from '../report/gap-topics.js';
import {
  ANSWER_INTENTS,
  ESCALATIONS_BY_CHANNEL_SQL,
  GAPS_SQL,
  MOST_CITED_SQL,
  NEVER_CITED_SQL,
  QUALITY_BY_WEEK_SQL,
  QUESTIONS_BY_CHANNEL_SQL,
  REPLIES_BY_INTENT_SQL,
} from './insight-queries.js';
import type { CitedDocument, EscalationChannelStats, InsightAudience, UncitedDocument, WeeklyChannelCount, WeeklyIntentCount } from './insight-types.js';

/** What a figure counts: whole days (office time zone) and their instants, and the filters. */
export interface InsightScope {
  /** 'YYYY-MM-DD', first day. */
  from: string;
  /** 'YYYY-MM-DD', last day (inclusive). */
  to: string;
  /** 00:00 of `from` in `timezone`. */
  start: Date;
  /** 00:00 after `to` in `timezone` (exclusive). */
  end: Date;
  channel?: string;
  audience?: InsightAudience;
  timezone: string;
}

const filters = (scope: InsightScope) => [scope.channel ?? null, scope.audience ?? null];

/** The rollup queries' parameters: days, filters, time zone, then `extra` ($6, …). */
const rollupParams = (scope: InsightScope, ...extra: unknown[]): unknown[] => [scope.from, scope.to, ...filters(scope), scope.timezone, ...extra];

/** The raw-table queries' parameters: instants, filters, then `extra` ($5, …). */
const tableParams = (scope: InsightScope, ...extra: unknown[]): unknown[] => [scope.start.toISOString(), scope.end.toISOString(), ...filters(scope), ...extra];

/** User messages per week and channel. */
export async function questionsByChannel(db: Queryable, scope: InsightScope): Promise<WeeklyChannelCount[]> {
  const result = await db.query<WeeklyChannelCount>(QUESTIONS_BY_CHANNEL_SQL, rollupParams(scope));
  return result.rows.map(({ week, channel, questions }) => ({ week, channel, questions }));
}

/** Bot replies per week and intent. */
export async function repliesByIntent(db: Queryable, scope: InsightScope): Promise<WeeklyIntentCount[]> {
  const result = await db.query<WeeklyIntentCount>(REPLIES_BY_INTENT_SQL, rollupParams(scope));
  return result.rows.map(({ week, intent, replies }) => ({ week, intent, replies }));
}

/** Answers, low-confidence answers and votes per week (weeks without any are absent). */
export async function qualityByWeek(db: Queryable, scope: InsightScope): Promise<{ week: string; answers: number; lowConfidence: number; up: number; down: number }[]> {
  const result = await db.query<{ week: string; answers: number; low_confidence: number; up: number; down: number }>(QUALITY_BY_WEEK_SQL, rollupParams(scope, ANSWER_INTENTS));
  return result.rows.map((row) => ({ week: row.week, answers: row.answers, lowConfidence: row.low_confidence, up: row.up, down: row.down }));
}

/** The `limit` documents cited by the most answers in the period. */
export async function mostCitedDocuments(db: Queryable, scope: InsightScope, limit: number): Promise<CitedDocument[]> {
  const result = await db.query<{ document_id: string; title: string; type: string | null; answers: number }>(MOST_CITED_SQL, rollupParams(scope, limit));
  return result.rows.map((row) => ({ documentId: row.document_id, title: row.title, ...(row.type ? { type: row.type } : {}), answers: row.answers }));
}

/** Library documents no answer in the period cited (at most `limit`, by title) and how many there are in all. */
export async function neverCitedDocuments(db: Queryable, scope: InsightScope, limit: number): Promise<{ documents: UncitedDocument[]; total: number }> {
  const result = await db.query<{ document_id: string; title: string; type: string; total: number }>(NEVER_CITED_SQL, rollupParams(scope, limit));
  return {
    documents: result.rows.map((row) => ({ documentId: row.document_id, title: row.title, type: row.type })),
    total: result.rows[0]?.total ?? 0,
  };
}

/** The period's knowledge gaps, newest first, at most `limit`. */
export async function listScopedGaps(db: Queryable, scope: InsightScope, limit: number): Promise<GapInput[]> {
  const result = await db.query<GapInput>(GAPS_SQL, tableParams(scope, limit));
  return result.rows.map(({ question, reason }) => ({ question, reason }));
}

interface EscalationRow {
  channel: string;
  opened: number;
  claimed: number;
  claimed_on_time: number;
  waiting_overdue: number;
  waiting: number;
  resolved: number;
  cancelled: number;
  median_claim_seconds: number | string | null;
  median_resolve_seconds: number | string | null;
}

const minutes = (seconds: number | string | null): number | null => (seconds === null ? null : Math.round((Number(seconds) / 60) * 10) / 10);

/** Escalations opened in the period, per channel, most first; `now` decides which waiting ones are overdue. */
export async function escalationsByChannel(db: Queryable, scope: InsightScope, now: Date): Promise<EscalationChannelStats[]> {
  const result = await db.query<EscalationRow>(ESCALATIONS_BY_CHANNEL_SQL, tableParams(scope, now.toISOString()));
  return result.rows.map((row) => ({
    channel: row.channel,
    opened: row.opened,
    claimed: row.claimed,
    claimedOnTime: row.claimed_on_time,
    waitingOverdue: row.waiting_overdue,
    waiting: row.waiting,
    resolved: row.resolved,
    cancelled: row.cancelled,
    medianMinutesToClaim: minutes(row.median_claim_seconds),
    medianMinutesToResolve: minutes(row.median_resolve_seconds),
  }));
}
