/**
 * Answer composition for the engine: retrieval confidence, numbered citations, case cards, the extractive
 * (model-free) answer, the contacts and low-confidence replies, every fixed reply text and the suggested actions.
 * Pure functions over search hits; nothing here touches a database, a model or a platform.
 */
export {
  CONFIDENCE_THRESHOLD,
  DEFAULT_CONFIDENCE_CALIBRATION,
  confidenceSignals,
  retrievalConfidence,
  type ConfidenceCalibration,
  type ConfidenceSignals,
} from './retrieval-confidence.js';
export { PASSAGE_CHARS, buildCitations, trimPassage, type CitationSet } from './build-citations.js';
export { buildCaseCards, caseCardFor, oneLineSummary } from './build-case-cards.js';
export { caseDetails, caseLine, caseLines, caseStatement } from './compose-case-lines.js';
export {
  composeMethodAnswer,
  definitionSentences,
  methodSteps,
  type MethodChunk,
  type MethodDocument,
} from './compose-method-answer.js';
export { matchTopic, subjectStems, topicStems, type TopicMatch } from './topic-relevance.js';
export type { ComposedAnswer } from './composed-answer.js';
export { composeExtractiveAnswer, type ExtractiveAnswerInput } from './compose-extractive-answer.js';
export { composeContactsAnswer, formatContact } from './compose-contacts-answer.js';
export { CLOSEST_SOURCES, composeLowConfidenceAnswer } from './compose-low-confidence-answer.js';
export { collapseWhitespace, splitSentences } from './split-sentences.js';
export {
  isProfileChunk,
  isMetaSentence,
  isProfileSentence,
  isQuotableSentence,
  quotableSentences,
  sectionContext,
  type SectionContext,
} from './sentence-quality.js';
export { rankSentences, type CandidateSentence } from './rank-sentences.js';
export { REPLY_TEXTS, replyTexts, type ActionLabels, type AnswerFraming, type ReplyTexts } from './reply-texts.js';
export { MAX_FOLLOW_UPS, defaultFollowUps, followUpText, suggestedActions, withShareCase, type FollowUp } from './suggested-actions.js';
