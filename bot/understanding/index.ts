/**
 * Offline, rule-based understanding of a user message: intent, search filters, follow-ups to the previous answer,
 * personal-data masking and the message size limit. Pure, deterministic functions that need no model, so the bot
 * works (and can be tested) without one. Language detection is the knowledge base's `detectLanguage`.
 */
export { detectIntent, type IntentResult } from './detect-intent.js';
export { extractFilters, hasFilters, type ExtractedFilters, type ExtractFiltersOptions } from './extract-filters.js';
export { POLICY_AREAS, type PolicyArea } from './policy-area-cues.js';
export { resolveFollowUp, type FollowUp } from './resolve-follow-up.js';
export { findNumberReference, type NumberReference } from './citation-reference.js';
export { maskPersonalData, type MaskResult, type PersonalDataKind } from './mask-personal-data.js';
export { isTooLong, MAX_MESSAGE_CHARS } from './message-limits.js';
export { mentionsOwnExperience } from './shared-experience-cues.js';
