/**
 * The engine-side entry point of the insight page: one call returns every figure for a period and filters. The
 * counting runs in SQL (insight-store.ts); here the period becomes instants in the office time zone, weeks without
 * rows become zeros, and the knowledge gaps are grouped into topics by the same code as `npm run report -- gaps`.
 */
import type { Db } from '../../knowledge/index.js';
import { DEFAULT_ESCALATION_SETTINGS, type EscalationSettings } from '../escalation/office-hours.js';
import { groupGapTopics, type ReducedQuestion } from '../report/gap-topics.js';
import { daysBetween, lastDays, periodInstants, today, weeksOf } from './insight-period.js';
import { ensureRollup } from './insight-rollup.js';
import {
  escalationsByChannel,
  listScopedGaps,
  mostCitedDocuments,
  neverCitedDocuments,
  qualityByWeek,
  questionsByChannel,
  repliesByIntent,
  type InsightScope,
} from './insight-store.js';
import type { InsightQuery, InsightReport, WeeklyQuality } from './insight-types.js';

/** Options for {@link createInsightService}. */
export interface InsightServiceOptions {
  db: Db;
  /** Office hours (their time zone cuts days and weeks) and the claim target shown beside the escalations. @default DEFAULT_ESCALATION_SETTINGS */
  escalation?: EscalationSettings;
  now?: () => Date;
  /** The most gaps grouped into topics, newest first (as `listGaps`' default for the report). @default 5000 */
  gapLimit?: number;
  /** Topics returned. @default 20 */
  topTopics?: number;
  /** Example questions per topic. @default 3 */
  examples?: number;
  /** Most-cited documents returned. @default 15 */
  topDocuments?: number;
  /** Never-cited documents listed (the total is always counted). @default 200 */
  neverCitedLimit?: number;
}

/** What the console's insight route calls. */
export interface InsightService {
  /** Every figure of the insight page for `query` (dates must be valid, `from` ≤ `to`: the route checks them). */
  report(query: InsightQuery): Promise<InsightReport>;
  /** The last `days` days up to today, in the office time zone. */
  lastDays(days: number): { from: string; to: string };
  /** The office time zone. */
  readonly timezone: string;
}

const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** Reduced gap questions kept between reports (stemming is most of the grouping's work); cleared past this many. */
const REDUCED_CACHE_SIZE = 50_000;

/**
 * Creates the insight service over the engine's database.
 * @example
 * const insights = createInsightService({ db, escalation });
 * const report = await insights.report({ ...insights.lastDays(30), channel: 'web' });
 */
export function createInsightService(options: InsightServiceOptions): InsightService {
  const { db } = options;
  const escalation = options.escalation ?? DEFAULT_ESCALATION_SETTINGS;
  const timezone = escalation.officeHours.timezone;
  const now = options.now ?? (() => new Date());
  const gapLimit = options.gapLimit ?? 5000;
  const reduced = new Map<string, ReducedQuestion>();

  async function report(query: InsightQuery): Promise<InsightReport> {
    const { start, end } = periodInstants(query.from, query.to, timezone);
    const at = now();
    await ensureRollup(db, query.from, query.to, timezone, today(at, timezone));
    const scope: InsightScope = { from: query.from, to: query.to, start, end, timezone, ...(query.channel ? { channel: query.channel } : {}), ...(query.audience ? { audience: query.audience } : {}) };
    const [questions, replies, quality, gaps, escalations, mostCited, neverCited] = await Promise.all([
      questionsByChannel(db, scope),
      repliesByIntent(db, scope),
      qualityByWeek(db, scope),
      listScopedGaps(db, scope, gapLimit + 1),
      escalationsByChannel(db, scope, at),
      mostCitedDocuments(db, scope, options.topDocuments ?? 15),
      neverCitedDocuments(db, scope, options.neverCitedLimit ?? 200),
    ]);
    const weeks = weeksOf(query.from, query.to);
    const grouped = gaps.slice(0, gapLimit);
    if (reduced.size > REDUCED_CACHE_SIZE) reduced.clear();
    const topics = groupGapTopics(grouped, { top: Number.POSITIVE_INFINITY, examples: options.examples ?? 3, reduced });
    return {
      period: { from: query.from, to: query.to, days: daysBetween(query.from, query.to), timezone },
      filters: { ...(query.channel ? { channel: query.channel } : {}), ...(query.audience ? { audience: query.audience } : {}) },
      weeks,
      questionsByChannel: questions,
      repliesByIntent: replies,
      quality: weeks.map((week): WeeklyQuality => {
        const counts = quality.find((row) => row.week === week) ?? { answers: 0, lowConfidence: 0, up: 0, down: 0 };
        return {
          week,
          answers: counts.answers,
          lowConfidence: counts.lowConfidence,
          lowConfidenceShare: share(counts.lowConfidence, counts.answers),
          up: counts.up,
          down: counts.down,
          upShare: share(counts.up, counts.up + counts.down),
        };
      }),
      gaps: { questions: grouped.length, capped: gaps.length > gapLimit, limit: gapLimit, topicCount: topics.length, topics: topics.slice(0, options.topTopics ?? 20) },
      escalations: { targetWorkingHours: escalation.targetWorkingHours, byChannel: escalations },
      documents: { mostCited, neverCited: neverCited.documents, neverCitedTotal: neverCited.total },
    };
  }

  return { report, lastDays: (days) => lastDays(days, now(), timezone), timezone };
}
