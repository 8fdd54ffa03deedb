/**
 * Retrieval and the answer step for method and who-has-done-this questions: search, measure confidence, then
 * either an honest "the library does not cover this" with the closest material, or a cited answer composed by the
 * model (`llm`) or from the passages themselves (`extractive`). It streams: a "writing" status once the sources are
 * chosen, then (`llm`) the model's text as it arrives; the returned outcome is the checked final answer, and after a
 * model failure, also mid-stream, the extractive answer with the fallback notice.
 */
import type { Logger } from '../../config/logger.js';
import type { Audience, KnowledgeBase, SearchFilters, SearchHit } from '../../knowledge/index.js';
import {
  buildCaseCards,
  buildCitations,
  caseCardFor,
  composeExtractiveAnswer,
  composeLowConfidenceAnswer,
  CONFIDENCE_THRESHOLD,
  matchTopic,
  replyTexts,
  retrievalConfidence,
  topicStems,
  type MethodDocument,
} from '../answer/index.js';
import { methodName } from '../../knowledge/documents/method-name.js';
import { listDocumentChunks } from '../../knowledge/retrieval/chunk-details.js';
import { listCasesUsingMethod } from '../../knowledge/store/method-links.js';
import { decideScope } from '../understanding/detect-scope.js';
import { streamGroundedAnswer, type ChatModel, type GroundedAnswer } from '../llm/index.js';
import type { AnswerMode, CaseCard, Citation, Language } from '../messages.js';
import type { ReplyEvent } from '../reply-events.js';
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
  /** True when the question is not about public-sector innovation: declined, no sources, adviser offered. */
  outOfScope?: boolean;
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

/** What answering yields on the way: progress lines and the model's text as it is written. */
export type AnswerProgress = Extract<ReplyEvent, { type: 'status' | 'text' }>;

export async function* answerQuestion(
  request: AnswerRequest,
  deps: { knowledge: KnowledgeBase; chatModel?: ChatModel; logger: Logger; confidenceThreshold?: number },
  signal?: AbortSignal,
): AsyncGenerator<AnswerProgress, AnswerOutcome, undefined> {
  const texts = replyTexts(request.language);
  const hits = await deps.knowledge.search(request.question, {
    audience: request.audience,
    filters: request.filters,
    limit: request.focused ? 6 : 10,
    perDocument: request.focused ? 6 : 2,
  });
  // A question of filters only ("cases fra Region Midtjylland efter 2015"): the documents they choose are the answer,
  // each an exact match of the filters, so the confidence is full rather than a text similarity nobody asked for.
  const browsing = hits.length > 0 && hits.every((hit) => hit.browsed === true);
  const confidence = browsing ? 1 : roundConfidence(retrievalConfidence(request.question, hits));
  const threshold = deps.confidenceThreshold ?? CONFIDENCE_THRESHOLD;
  const mode: AnswerMode = deps.chatModel ? 'llm' : 'extractive';
  const documents = distinctDocuments(hits);

  // Only documents about the question's subject become citations and case cards (not those that ranked on a
  // filter, an organisation's name or a common word); a follow-up about one document keeps it regardless.
  const topic = matchTopic(request.question, request.language, documents);
  if (!request.focused) {
    const scope = decideScope(request.question, {
      subjectMatch: documents.some((document) => topic.get(document.id)?.onTopic),
      confident: browsing || (hits.length > 0 && confidence >= threshold),
    });
    if (scope.outOfScope) {
      deps.logger.debug('declined as out of scope', { reason: scope.reason });
      return { text: texts.outOfScope(), citations: [], cases: [], confidence: 0, mode, notices: [], lowConfidence: false, outOfScope: true };
    }
  }

  const onTopic = request.focused || browsing ? hits : hits.filter((hit) => topic.get(hit.documentId)?.onTopic);
  const { citations: allCitations, byDocument } = buildCitations(onTopic, request.focused ? 1 : 5);

  if (hits.length === 0 || onTopic.length === 0 || (!request.focused && !browsing && confidence < threshold)) {
    const closest = onTopic.length > 0 ? allCitations : buildCitations(hits, 5).citations;
    const low = composeLowConfidenceAnswer(closest, request.language);
    return {
      ...renumberCitations(low.text, keepUsed(closest, low.usedCitations), []),
      confidence,
      mode,
      notices: [],
      lowConfidence: true,
    };
  }

  let cases = request.intent === 'case_lookup' || request.focused ? buildCaseCards(onTopic, byDocument, 5) : buildCaseCards(onTopic, byDocument, 3);
  const method = request.intent === 'method' && !request.focused
    ? await methodDocument(request, onTopic, allCitations, byDocument, deps)
    : undefined;
  if (method) cases = method.linkedCases;
  const notices: string[] = [];
  yield { type: 'status', stage: 'writing', text: texts.writingStatus() };
  if (deps.chatModel) {
    const model = deps.chatModel;
    try {
      const stream = streamGroundedAnswer(model, {
        question: request.question,
        language: request.language,
        intent: request.intent,
        sources: allCitations.map((citation) => {
          const document = documentOf(onTopic, citation.documentId) ?? method?.linkedDocuments.get(citation.documentId);
          return {
            n: citation.n,
            title: citation.title,
            type: document?.type,
            organisation: citation.organisation,
            year: citation.year,
            status: document?.status,
            summary: document?.summary,
            text: sourceText(onTopic, citation.documentId) || citation.passage,
          };
        }),
        history: request.history,
      }, {
        ...(signal ? { signal } : {}),
        onUsage: (usage) => deps.logger.debug('model usage', { model: model.modelId, ...usage }),
      });
      let step: IteratorResult<string, GroundedAnswer | null>;
      let finished = false;
      try {
        while (!(step = await stream.next()).done) yield { type: 'text', delta: step.value };
        finished = true;
      } finally {
        // The caller stopped reading (or the model failed): close the model's stream, which ends its request.
        if (!finished) await stream.return(null);
      }
      const answer = step.value;
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
    hits: onTopic,
    citations: allCitations,
    byDocument,
    cases,
    method,
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

/** Each document of `hits` once, in rank order. */
function distinctDocuments(hits: SearchHit[]): SearchHit['document'][] {
  const seen = new Map<string, SearchHit['document']>();
  for (const hit of hits) if (!seen.has(hit.documentId)) seen.set(hit.documentId, hit.document);
  return [...seen.values()];
}

function documentOf(hits: SearchHit[], documentId: string): SearchHit['document'] | undefined {
  return hits.find((hit) => hit.documentId === documentId)?.document;
}

/**
 * The method document a method answer is built from: the best-ranked method document on the topic, preferring one
 * the question names ("Hvad er double diamond?"), with its chunks in order and the cases linked to it through their
 * `methods` metadata. Linked cases not already cited get citations of their own (their summary as the passage).
 */
async function methodDocument(
  request: AnswerRequest,
  hits: SearchHit[],
  citations: Citation[],
  byDocument: Map<string, number>,
  deps: { knowledge: KnowledgeBase },
): Promise<(MethodDocument & { linkedDocuments: Map<string, SearchHit['document']> }) | undefined> {
  const methods = distinctDocuments(hits).filter((document) => document.type === 'method' && byDocument.has(document.id));
  if (methods.length === 0) return undefined;
  const wanted = new Set(topicStems(request.question, request.language));
  const named = methods.find((document) => {
    const nameStems = topicStems(methodName(document.title), 'da');
    return nameStems.length > 0 && nameStems.every((stem) => wanted.has(stem));
  });
  const chosen = named ?? methods[0]!;
  const db = deps.knowledge.db;
  const [chunks, linked] = await Promise.all([
    listDocumentChunks(db, chosen.id),
    listCasesUsingMethod(db, chosen.id, request.audience),
  ]);
  const linkedDocuments = new Map<string, SearchHit['document']>();
  const linkedCases: CaseCard[] = [];
  for (const document of linked.slice(0, 4)) {
    let n = byDocument.get(document.id);
    if (n === undefined) {
      n = citations.length + 1;
      const citation: Citation = { n, documentId: document.id, title: document.title, passage: document.summary };
      if (document.organisation) citation.organisation = document.organisation;
      if (document.year !== undefined) citation.year = document.year;
      if (document.sourceUrl) citation.url = document.sourceUrl;
      citations.push(citation);
      byDocument.set(document.id, n);
    }
    linkedDocuments.set(document.id, document);
    linkedCases.push(caseCardFor(document, n));
  }
  return { document: chosen, citation: byDocument.get(chosen.id)!, chunks, linkedCases, linkedDocuments };
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
