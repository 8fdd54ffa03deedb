/**
 * The "Indsigt" report: what the centre's staff see on the console's insight page (and get as JSON from
 * `GET /api/insight`). Types only; the numbers come from insight-store.ts, the assembly from insight-service.ts.
 */
import type { GapTopic } from '../report/gap-topics.js';

/** Channels the page filters by and draws as series. */
export const INSIGHT_CHANNELS = ['web', 'slack', 'teams'] as const;

/** Audiences the page filters by (the conversation's audience). */
export const INSIGHT_AUDIENCES = ['public', 'internal'] as const;
export type InsightAudience = (typeof INSIGHT_AUDIENCES)[number];

/** Which conversations the report counts. Dates are calendar days in the office time zone, both inclusive. */
export interface InsightQuery {
  /** 'YYYY-MM-DD', first day. */
  from: string;
  /** 'YYYY-MM-DD', last day (inclusive); not before `from`. */
  to: string;
  /** Only conversations of this channel ('web', 'slack', 'teams', …); all when absent. */
  channel?: string;
  /** Only conversations of this audience; all when absent. */
  audience?: InsightAudience;
}

/** User messages of one channel in one week. Weeks are named by their Monday ('YYYY-MM-DD', office time zone). */
export interface WeeklyChannelCount {
  week: string;
  channel: string;
  questions: number;
}

/** Bot replies of one intent in one week ('case_lookup', 'method', 'out_of_scope', …). */
export interface WeeklyIntentCount {
  week: string;
  intent: string;
  replies: number;
}

/** Answer quality in one week: answers with low confidence, and the 👍/👎 given that week. */
export interface WeeklyQuality {
  week: string;
  /** Bot replies that answer a question (intent case_lookup or method). */
  answers: number;
  /** Of those, answers the engine marked as low confidence (recorded as a knowledge gap). */
  lowConfidence: number;
  /** lowConfidence / answers, 0..1; null without answers. */
  lowConfidenceShare: number | null;
  up: number;
  down: number;
  /** up / (up + down), 0..1; null without votes. */
  upShare: number | null;
}

/** Escalations opened in the period, per channel. */
export interface EscalationChannelStats {
  channel: string;
  opened: number;
  /** Taken by an adviser (now or before being resolved). */
  claimed: number;
  /** Claimed before the due time (the office-hours target). */
  claimedOnTime: number;
  /** Still waiting, past the due time. */
  waitingOverdue: number;
  /** Still waiting, within the target. */
  waiting: number;
  resolved: number;
  cancelled: number;
  /** Median minutes from opening to the (latest) claim; null when none was claimed. */
  medianMinutesToClaim: number | null;
  /** Median minutes from opening to resolving; null when none was resolved. */
  medianMinutesToResolve: number | null;
}

/** A library document and how many answers in the period cited it. */
export interface CitedDocument {
  documentId: string;
  title: string;
  /** 'case' | 'method' | 'research'; absent when the document has since left the library. */
  type?: string;
  /** Answers that cited it (an answer citing two passages of it counts once). */
  answers: number;
}

/** A document in the library no answer in the period cited. */
export interface UncitedDocument {
  documentId: string;
  title: string;
  type: string;
}

/** The whole insight report for one query. */
export interface InsightReport {
  period: { from: string; to: string; days: number; timezone: string };
  filters: { channel?: string; audience?: InsightAudience };
  /** Every week the period touches, oldest first (the first and last may be partial). */
  weeks: string[];
  questionsByChannel: WeeklyChannelCount[];
  repliesByIntent: WeeklyIntentCount[];
  quality: WeeklyQuality[];
  gaps: {
    /** Gaps (questions) grouped; at most `limit`, the newest. */
    questions: number;
    /** True when the period held more gaps than were grouped. */
    capped: boolean;
    limit: number;
    /** How many topics the gaps form in all. */
    topicCount: number;
    /** The largest topics, largest first (the grouping of `npm run report -- gaps`). */
    topics: GapTopic[];
  };
  escalations: { targetWorkingHours: number; byChannel: EscalationChannelStats[] };
  documents: { mostCited: CitedDocument[]; neverCited: UncitedDocument[]; neverCitedTotal: number };
}
