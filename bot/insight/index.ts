/** The centre's insight figures (questions, answer quality, knowledge gaps, escalations, citations) for the console. */
export type * from './insight-types.js';
export { INSIGHT_AUDIENCES, INSIGHT_CHANNELS } from './insight-types.js';
export { createInsightService, type InsightService, type InsightServiceOptions } from './insight-service.js';
export { gapDraftFileName, renderGapDraft, type GapDraftInput } from './gap-draft.js';
export { addDays, daysBetween, parseDay, today } from './insight-period.js';
