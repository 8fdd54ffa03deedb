/**
 * The answer-quality targets of issue 11, on the held-back half of the natural question set (which nobody tuning has
 * looked at), with local embeddings and extractive answers through the real engine: retrieval hit@1/hit@5/MRR,
 * citation and case precision on who-questions, out-of-scope declines and escalations; and the original 70 questions
 * must not get worse. `npm run eval` prints the same figures (see test/eval/README.md). Failures show figures only,
 * never the held-back questions, so that running this test while tuning does not reveal them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../knowledge/index.js';
import { evaluateSets, type SetReport } from '../eval/evaluate-sets.js';
import { openEngineKnowledge } from '../support/engine-harness.js';
import { testDatabases } from '../support/test-databases.js';

describe.each(testDatabases)('answer quality on the held-back natural questions on $name', (target) => {
  let knowledge: KnowledgeBase;
  let original: SetReport;
  let holdout: SetReport;

  beforeAll(async () => {
    knowledge = await openEngineKnowledge(target);
    [original, holdout] = await evaluateSets(knowledge, ['original', 'natural-holdout']);
  }, 600_000);
  afterAll(async () => knowledge?.close());

  it('hybrid retrieval finds a relevant document first for at least 80 % of the questions (hit@1 ≥ 0.80)', () => {
    expect(holdout.retrieval.scores.hybrid.hit1).toBeGreaterThanOrEqual(0.8);
  });

  it('hybrid retrieval has a relevant document in the top 5 for at least 95 % (hit@5 ≥ 0.95) and MRR ≥ 0.85', () => {
    expect(holdout.retrieval.scores.hybrid.hit5).toBeGreaterThanOrEqual(0.95);
    expect(holdout.retrieval.scores.hybrid.mrr).toBeGreaterThanOrEqual(0.85);
  });

  it('answers to who-questions cite mostly relevant documents (citation precision ≥ 0.80)', () => {
    expect(holdout.answers.scores.citationPrecisionWho).toBeGreaterThanOrEqual(0.8);
  });

  it('answers to who-questions show mostly relevant case cards (case precision ≥ 0.80)', () => {
    expect(holdout.answers.scores.casePrecisionWho).toBeGreaterThanOrEqual(0.8);
  });

  it('declines at least 95 % of out-of-scope questions without citing sources or showing case cards', () => {
    expect(holdout.answers.scores.outOfScopeDeclined).toBeGreaterThanOrEqual(0.95);
  });

  it('escalates every request to talk to a person', () => {
    expect(holdout.answers.scores.humanEscalated).toBe(1);
  });

  it('keeps the original 70 questions at hybrid hit@5 ≥ 0.95', () => {
    expect(original.retrieval.scores.hybrid.hit5).toBeGreaterThanOrEqual(0.95);
  });
});
