/**
 * Retrieval and the answer step for method and who-has-done-this questions: search, measure confidence, then
 * either an honest "the library does not cover this" with the closest material, or a cited answer composed by the
 * model (`llm`) or from the passages themselves (`extractive`).
 */
import type { Logger } from '../../config/logger.js';
import type { Audience, KnowledgeBase, SearchFilters, SearchHit } from '../../knowledge/index.js';
import {
  buildCaseCards,
  buildCitations,
  composeExtractiveAnswer,
  composeLowConfidenceAnswer,
  CONFIDENCE_THRESHOLD,
  replyTexts,
  retrievalConfidence,
} from '../answer/index.js';
import { generateGroundedAnswer, type ChatModel } from '../llm/index.js';
import type { AnswerMode, CaseCard, Citation, Language } from '../messages.js';
import { renumberCitations } from './renumber-citations.js';

export interface AnswerOutcome {
  text: string;
  citations: Citation[];
  cases: CaseCard[];
  confidence: number;
  mode: AnswerMode;
  notices: string[];
  /** True when the library did not cover the question well enough (a knowledge gap; an adviser is offered). */
  lowConfidence: boolean;
}

export interface AnswerRequest {
  question: string;
  intent: 'method' | 'case_lookup';
  filters: SearchFilters;
  language: Language;
  audience: Audience;
  /** Previous messages of the thread, for the model's context. */
  history?: { role: 'user' | 'assistant'; content: string }[];
  /** A follow-up about one document: answer even at lower confidence, the user chose the source. */
  focused?: boolean;
}

export async function answerQuestion(
  request: AnswerRequest,
  deps: { knowledge: KnowledgeBase; chatModel?: ChatModel; logger: Logger; confidenceThreshold?: number },
): Promise<AnswerOutcome> {
  const texts = replyTexts(request.language);
  const hits = await deps.knowledge.search(request.question, {
    audience: request.audience,
    filters: request.filters,
    limit: request.focused ? 6 : 10,
    perDocument: request.focused ? 6 : 2,
  });
  const confidence = roundConfidence(retrievalConfidence(request.question, hits));
  const { citations: allCitations, byDocument } = buildCitations(hits, request.focused ? 1 : 5);
  const threshold = deps.confidenceThreshold ?? CONFIDENCE_THRESHOLD;
  const mode: AnswerMode = deps.chatModel ? 'llm' : 'extractive';

  if (hits.length === 0 || (!request.focused && confidence < threshold)) {
    const low = composeLowConfidenceAnswer(allCitations, request.language);
    return {
      ...renumberCitations(low.text, keepUsed(allCitations, low.usedCitations), []),
      confidence,
      mode,
      notices: [],
      lowConfidence: true,
    };
  }

  const cases = request.intent === 'case_lookup' || request.focused ? buildCaseCards(hits, byDocument) : buildCaseCards(hits, byDocument, 3);
  const notices: string[] = [];
  if (deps.chatModel) {
    try {
      const answer = await generateGroundedAnswer(deps.chatModel, {
        question: request.question,
        language: request.language,
        intent: request.intent,
        sources: allCitations.map((citation) => ({
          n: citation.n,
          title: citation.title,
          organisation: citation.organisation,
          year: citation.year,
          text: sourceText(hits, citation.documentId),
        })),
        history: request.history,
      });
      if (answer) {
        return finish(answer.text, answer.usedCitations, 'llm');
      }
      deps.logger.warn('the model answer had no valid citation; showing the extractive answer instead');
      notices.push(texts.modelFallback());
    } catch (error) {
      deps.logger.warn('the model failed; falling back to the extractive answer', { error });
      notices.push(texts.modelFallback());
    }
  }
  const extractive = composeExtractiveAnswer({
    question: request.question,
    language: request.language,
    intent: request.intent,
    hits,
    citations: allCitations,
    byDocument,
    cases,
  });
  if (!extractive.text) {
    const low = composeLowConfidenceAnswer(allCitations, request.language);
    const renumbered = renumberCitations(low.text, keepUsed(allCitations, low.usedCitations), []);
    return { ...renumbered, confidence, mode: 'extractive', notices, lowConfidence: true };
  }
  return finish(extractive.text, extractive.usedCitations, 'extractive');

  function finish(text: string, used: number[], answerMode: AnswerMode): AnswerOutcome {
    // Case cards only for cases the answer cites, so every card is backed by a source shown.
    const citedCases = cases.filter((card) => card.citation !== undefined && used.includes(card.citation));
    const renumbered = renumberCitations(text, keepUsed(allCitations, used), citedCases);
    return { ...renumbered, confidence, mode: answerMode, notices, lowConfidence: false };
  }
}

/** The passages of one document the model may read: its retrieved chunks, best first. */
function sourceText(hits: SearchHit[], documentId: string): string {
  return hits
    .filter((hit) => hit.documentId === documentId)
    .map((hit) => (hit.headingPath.length ? `${hit.headingPath.join(' › ')}: ${hit.content}` : hit.content))
    .join('\n\n')
    .slice(0, 3000);
}

function keepUsed(citations: Citation[], used: number[]): Citation[] {
  return citations.filter((citation) => used.includes(citation.n));
}

function roundConfidence(value: number): number {
  return Math.round(Math.max(0, Math.min(1, value)) * 100) / 100;
}
