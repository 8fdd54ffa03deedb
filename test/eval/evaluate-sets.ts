/**
 * One evaluation run over question sets, shared by `npm run eval` and the answer-quality target test: the retrieval
 * metrics per retriever (evaluate-retrieval.ts) and the answer-path metrics through the real engine in extractive
 * mode (evaluate-answers.ts), on a knowledge base that already holds the sample library.
 */
import { createEngine } from '../../bot/index.js';
import { silentLogger } from '../../config/logger.js';
import type { KnowledgeBase } from '../../knowledge/knowledge-base.js';
import { evaluateAnswers, type AnswerReport } from './evaluate-answers.js';
import { evaluateRetrieval, type EvalReport } from './evaluate-retrieval.js';
import { loadQuestionSet, type EvalQuestion, type QuestionSetName } from './question-sets.js';

export interface SetReport {
  set: QuestionSetName;
  questions: number;
  retrieval: EvalReport;
  answers: AnswerReport;
}

/**
 * Throws naming the first question whose `relevant` list holds an id that is not a public document of the ingested
 * library, so a renamed or removed document cannot silently lower (or raise) the scores.
 */
export async function checkRelevantIds(knowledge: KnowledgeBase, set: QuestionSetName, questions: EvalQuestion[]): Promise<void> {
  const { rows } = await knowledge.db.query<{ id: string }>("SELECT id FROM documents WHERE audience = 'public'");
  const known = new Set(rows.map((row) => row.id));
  for (const question of questions) {
    const missing = question.relevant.filter((id) => !known.has(id));
    if (missing.length > 0) throw new Error(`${set} ${question.id}: relevant documents not in the library: ${missing.join(', ')}`);
  }
}

export async function evaluateSets(knowledge: KnowledgeBase, sets: QuestionSetName[]): Promise<SetReport[]> {
  // No chat model: extractive answers, as the targets are set for. A high rate limit: every question is its own user.
  const engine = createEngine({ knowledge, logger: silentLogger, rateLimitPerMinute: 100_000 });
  const reports: SetReport[] = [];
  for (const set of sets) {
    const questions = loadQuestionSet(set);
    await checkRelevantIds(knowledge, set, questions);
    const retrieval = await evaluateRetrieval(knowledge, questions);
    const answers = await evaluateAnswers(engine, questions);
    reports.push({ set, questions: questions.length, retrieval, answers });
  }
  return reports;
}
