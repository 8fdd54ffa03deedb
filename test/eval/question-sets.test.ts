/**
 * The evaluation's question files: all three load under the schema, the natural set is big enough and split as the
 * README promises, and a bad entry is reported in one line that names it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadQuestionFile, loadQuestionSet, type EvalQuestion } from './question-sets.js';

function writeTemp(content: unknown): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'eval-questions-')), 'questions.json');
  fs.writeFileSync(file, JSON.stringify(content));
  return file;
}

const countBy = (questions: EvalQuestion[], pick: (q: EvalQuestion) => string) =>
  questions.reduce<Record<string, number>>((counts, q) => ({ ...counts, [pick(q)]: (counts[pick(q)] ?? 0) + 1 }), {});

describe('eval question sets', () => {
  it('the natural set has at least 100 questions in two halves of at least 50, with no question in both', () => {
    const tuning = loadQuestionSet('natural-tuning');
    const holdout = loadQuestionSet('natural-holdout');
    expect(tuning.length).toBeGreaterThanOrEqual(50);
    expect(holdout.length).toBeGreaterThanOrEqual(50);
    const tuningIds = new Set(tuning.map((q) => q.id));
    expect(holdout.filter((q) => tuningIds.has(q.id))).toEqual([]);
    const texts = new Set(tuning.map((q) => q.question.toLowerCase()));
    expect(holdout.filter((q) => texts.has(q.question.toLowerCase()))).toEqual([]);
  });

  it('the natural set covers every kind the issue asks for, split across both halves', () => {
    const all = [...loadQuestionSet('natural-tuning'), ...loadQuestionSet('natural-holdout')];
    const kinds = countBy(all, (q) => q.kind);
    expect(kinds.out_of_scope).toBeGreaterThanOrEqual(12);
    expect(kinds.human).toBeGreaterThanOrEqual(2);
    expect(all.filter((q) => q.language === 'en').length).toBeGreaterThanOrEqual(5);
    for (const half of ['natural-tuning', 'natural-holdout'] as const) {
      const counts = countBy(loadQuestionSet(half), (q) => q.kind);
      for (const kind of ['who', 'method', 'filtered', 'out_of_scope', 'human', 'gap']) expect(counts[kind], `${half} ${kind}`).toBeGreaterThan(0);
    }
  });

  it('the original 70 questions still load', () => {
    expect(loadQuestionSet('original')).toHaveLength(70);
  });

  it('names a bad entry in one line: its file, position, id, field and what is wrong', () => {
    const file = writeTemp([
      { id: 'n001', kind: 'who', question: 'hvem har lavet noget?', relevant: ['a-case'] },
      { id: 'n002', kind: 'who', question: 'og hvem ellers?', relevant: [] },
    ]);
    expect(() => loadQuestionFile(file)).toThrow(/questions\.json: question 2 \(n002\): relevant: a who question must name at least one relevant document$/);
  });

  it('rejects an unknown kind, an unknown region and a declined question that lists sources', () => {
    expect(() => loadQuestionFile(writeTemp([{ id: 'n001', kind: 'chit-chat', question: 'hej', relevant: [] }]))).toThrow(/question 1 \(n001\): kind:/);
    expect(() =>
      loadQuestionFile(writeTemp([{ id: 'n001', kind: 'filtered', question: 'i Jylland', relevant: ['x'], filters: { region: 'Jylland' } }])),
    ).toThrow(/question 1 \(n001\): filters\.region:/);
    expect(() => loadQuestionFile(writeTemp([{ id: 'n001', kind: 'out_of_scope', question: 'vejret?', relevant: ['x'] }]))).toThrow(
      /a question of kind out_of_scope lists no relevant documents/,
    );
  });
});
