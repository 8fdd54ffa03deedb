/**
 * Answer-path evaluation: every question goes through the real engine (engine.handleMessage) as the first message of
 * a new conversation, so understanding, filters, scope checks and escalation all take part. From the replies:
 *
 * - citation precision: cited documents that are relevant / cited documents, averaged over the retrieval questions
 *   (who, method, filtered) that produced citations; also on who-questions alone;
 * - case precision: the same for case cards, over the who-questions that showed cards (and over all retrieval
 *   questions);
 * - answered: share of retrieval questions that produced at least one citation (so precision cannot be bought by
 *   answering nothing);
 * - out-of-scope decline rate: out_of_scope questions answered with no citations and no case cards;
 * - human escalation rate: requests for a person that opened an escalation;
 * - gap rate: in-scope questions the library cannot answer that showed no case cards.
 */
import { randomUUID } from 'node:crypto';
import type { BotReply, Engine } from '../../bot/index.js';
import { isRetrievalQuestion, type EvalQuestion } from './question-sets.js';

export interface AnswerScores {
  /** Mean over retrieval questions with citations; null when none had any. */
  citationPrecision: number | null;
  citationPrecisionWho: number | null;
  casePrecisionWho: number | null;
  casePrecision: number | null;
  /** Retrieval questions that produced at least one citation / retrieval questions. */
  answered: number | null;
  outOfScopeDeclined: number | null;
  humanEscalated: number | null;
  gapWithoutCards: number | null;
}

export interface AnswerOutcome {
  id: string;
  kind: EvalQuestion['kind'];
  question: string;
  intent: BotReply['intent'];
  cited: string[];
  cards: string[];
  escalated: boolean;
  /** What went wrong for this question's kind ('' when nothing did). */
  problem: string;
}

export interface AnswerReport {
  questions: number;
  counts: { retrieval: number; who: number; outOfScope: number; human: number; gap: number };
  scores: AnswerScores;
  outcomes: AnswerOutcome[];
}

const unique = (ids: string[]) => [...new Set(ids)];

export async function evaluateAnswers(engine: Engine, questions: EvalQuestion[]): Promise<AnswerReport> {
  const outcomes: AnswerOutcome[] = [];
  const citation: number[] = [];
  const citationWho: number[] = [];
  const cardsWho: number[] = [];
  const cardsAll: number[] = [];
  let answered = 0;
  let declined = 0;
  let escalated = 0;
  let gapClean = 0;
  for (const question of questions) {
    const reply = await engine.handleMessage({
      channel: 'eval',
      conversationId: `eval-${randomUUID()}`,
      threadId: '',
      user: { id: `eval-${randomUUID()}`, audience: 'public' },
      text: question.question,
    });
    const cited = unique(reply.citations.map((c) => c.documentId));
    const cards = unique(reply.cases.map((c) => c.documentId));
    const relevant = new Set(question.relevant);
    const precision = (ids: string[]) => ids.filter((id) => relevant.has(id)).length / ids.length;
    let problem = '';
    if (isRetrievalQuestion(question)) {
      if (cited.length > 0) {
        answered += 1;
        citation.push(precision(cited));
        if (question.kind === 'who') citationWho.push(precision(cited));
      }
      if (cards.length > 0) {
        cardsAll.push(precision(cards));
        if (question.kind === 'who') cardsWho.push(precision(cards));
      }
      const wrong = [...cited, ...cards.filter((id) => !cited.includes(id))].filter((id) => !relevant.has(id));
      if (cited.length === 0) problem = 'no citations';
      else if (wrong.length > 0) problem = `not relevant: ${wrong.join(', ')}`;
    } else if (question.kind === 'out_of_scope') {
      if (cited.length === 0 && cards.length === 0) declined += 1;
      else problem = 'answered with sources instead of declining';
    } else if (question.kind === 'human') {
      if (reply.escalation) escalated += 1;
      else problem = 'no escalation opened';
    } else if (question.kind === 'gap') {
      if (cards.length === 0) gapClean += 1;
      else problem = 'showed case cards for a question the library cannot answer';
    }
    outcomes.push({ id: question.id, kind: question.kind, question: question.question, intent: reply.intent, cited, cards, escalated: Boolean(reply.escalation), problem });
  }
  const retrieval = questions.filter(isRetrievalQuestion).length;
  const count = (kind: EvalQuestion['kind']) => questions.filter((q) => q.kind === kind).length;
  const counts = { retrieval, who: count('who'), outOfScope: count('out_of_scope'), human: count('human'), gap: count('gap') };
  return {
    questions: questions.length,
    counts,
    scores: {
      citationPrecision: mean(citation),
      citationPrecisionWho: mean(citationWho),
      casePrecisionWho: mean(cardsWho),
      casePrecision: mean(cardsAll),
      answered: rate(answered, retrieval),
      outOfScopeDeclined: rate(declined, counts.outOfScope),
      humanEscalated: rate(escalated, counts.human),
      gapWithoutCards: rate(gapClean, counts.gap),
    },
    outcomes,
  };
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : round(values.reduce((sum, v) => sum + v, 0) / values.length);
}

function rate(count: number, total: number): number | null {
  return total === 0 ? null : round(count / total);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
