/**
 * Retrieval evaluation on a question set: for each retrieval question, the rank of the first relevant
 * document among the retrieved documents, summarised as hit@1, hit@5 and MRR, per retrieval mode.
 */
import type { KnowledgeBase } from '../../knowledge/knowledge-base.js';
import type { RetrievalMode, SearchFilters } from '../../knowledge/retrieval/search-types.js';
import { isRetrievalQuestion, loadQuestionFile, QUESTION_FILES, type EvalQuestion } from './question-sets.js';

export type { EvalQuestion } from './question-sets.js';

export interface ModeScores {
  hit1: number;
  hit5: number;
  mrr: number;
}

export interface EvalReport {
  questions: number;
  scores: Record<RetrievalMode, ModeScores>;
  /** Questions whose first relevant document was not in hybrid's top 5, for tuning. */
  hybridMisses: { id: string; question: string; rank: number | null; top: string[] }[];
}

export const QUESTIONS_PATH = QUESTION_FILES.original;

/** The original 70 questions (or those in `file`), checked against the schema in question-sets.ts. */
export function loadQuestions(file: string = QUESTIONS_PATH): EvalQuestion[] {
  return loadQuestionFile(file);
}

export function toSearchFilters(filters: EvalQuestion['filters']): SearchFilters | undefined {
  if (!filters) return undefined;
  return {
    organisationTypes: filters.organisationType ? [filters.organisationType] : undefined,
    regions: filters.region ? [filters.region] : undefined,
    yearFrom: filters.yearFrom,
    yearTo: filters.yearTo,
    types: filters.type ? [filters.type] : undefined,
    policyArea: filters.policyArea,
  };
}

const RANK_DEPTH = 10;

/**
 * Ranks each retrieval question's documents with knowledge.search(question, the question's annotated filters, top 10,
 * one hit per document, public audience) and scores the first relevant one. Questions of other kinds (out of scope,
 * human, gap) have nothing to rank and are skipped.
 */
export async function evaluateRetrieval(knowledge: KnowledgeBase, allQuestions: EvalQuestion[]): Promise<EvalReport> {
  const questions = allQuestions.filter(isRetrievalQuestion);
  const modes: RetrievalMode[] = ['hybrid', 'vector', 'lexical'];
  const scores = {} as Record<RetrievalMode, ModeScores>;
  const hybridMisses: EvalReport['hybridMisses'] = [];
  for (const mode of modes) {
    let hit1 = 0;
    let hit5 = 0;
    let reciprocal = 0;
    for (const question of questions) {
      const hits = await knowledge.search(question.question, {
        audience: 'public',
        mode,
        filters: toSearchFilters(question.filters),
        limit: RANK_DEPTH,
        perDocument: 1,
      });
      const ranked = hits.map((hit) => hit.documentId);
      const index = ranked.findIndex((id) => question.relevant.includes(id));
      const rank = index === -1 ? null : index + 1;
      if (rank === 1) hit1 += 1;
      if (rank !== null && rank <= 5) hit5 += 1;
      if (rank !== null) reciprocal += 1 / rank;
      if (mode === 'hybrid' && (rank === null || rank > 5)) {
        hybridMisses.push({ id: question.id, question: question.question, rank, top: ranked.slice(0, 5) });
      }
    }
    const n = questions.length || 1;
    scores[mode] = { hit1: round(hit1 / n), hit5: round(hit5 / n), mrr: round(reciprocal / n) };
  }
  return { questions: questions.length, scores, hybridMisses };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
