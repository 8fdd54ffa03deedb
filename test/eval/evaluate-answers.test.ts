/**
 * The answer-path metrics, on replies from a scripted engine: precision counts only relevant cited documents and
 * case cards, questions without citations do not count towards precision but lower `answered`, out-of-scope questions
 * count as declined only with neither sources nor cards, and a human request counts only when it escalates.
 */
import { describe, expect, it } from 'vitest';
import type { BotReply, Engine, IncomingMessage } from '../../bot/index.js';
import { evaluateAnswers } from './evaluate-answers.js';
import type { EvalQuestion } from './question-sets.js';

function reply(cited: string[], cards: string[], escalated = false): BotReply {
  return {
    replyId: 'r',
    conversationId: 'c',
    language: 'da',
    intent: 'case_lookup',
    mode: 'extractive',
    text: '',
    citations: cited.map((documentId, i) => ({ n: i + 1, documentId, title: documentId, passage: '' })),
    cases: cards.map((documentId) => ({ documentId, title: documentId, organisation: 'x', summary: '' })),
    actions: [],
    confidence: 0.5,
    escalationOffered: escalated,
    notices: [],
    escalation: escalated ? { id: 'e', status: 'queued' } : undefined,
  };
}

function scriptedEngine(replies: Record<string, BotReply>): Engine {
  return { handleMessage: async (message: IncomingMessage) => replies[message.text] } as unknown as Engine;
}

const q = (id: string, kind: EvalQuestion['kind'], question: string, relevant: string[] = []): EvalQuestion => ({ id, kind, question, relevant });

describe('evaluateAnswers', () => {
  it('scores citation and case precision, declines, escalations and gaps from the replies', async () => {
    const engine = scriptedEngine({
      who1: reply(['a', 'b'], ['a', 'b']), // half relevant
      who2: reply(['c'], ['c', 'd', 'e', 'f']), // all cited relevant; 1 of 4 cards
      method: reply([], []), // no answer: lowers `answered`, not precision
      weather: reply(['a'], []), // out of scope answered with a source: not declined
      poem: reply([], []),
      human: reply([], [], true),
      human2: reply([], []),
      gap: reply(['x'], ['x']),
    });
    const report = await evaluateAnswers(engine, [
      q('n001', 'who', 'who1', ['a']),
      q('n002', 'who', 'who2', ['c']),
      q('n003', 'method', 'method', ['m']),
      q('n004', 'out_of_scope', 'weather'),
      q('n005', 'out_of_scope', 'poem'),
      q('n006', 'human', 'human'),
      q('n007', 'human', 'human2'),
      q('n008', 'gap', 'gap'),
    ]);
    expect(report.scores).toEqual({
      citationPrecision: 0.75,
      citationPrecisionWho: 0.75,
      casePrecisionWho: 0.375,
      casePrecision: 0.375,
      answered: 0.667,
      outOfScopeDeclined: 0.5,
      humanEscalated: 0.5,
      gapWithoutCards: 0,
    });
    expect(report.outcomes.find((o) => o.id === 'n001')?.problem).toBe('not relevant: b');
    expect(report.outcomes.find((o) => o.id === 'n003')?.problem).toBe('no citations');
  });

  it('reports no figure (null) for a kind the set does not have', async () => {
    const report = await evaluateAnswers(scriptedEngine({ hvad: reply(['m'], []) }), [q('n001', 'method', 'hvad', ['m'])]);
    expect(report.scores.outOfScopeDeclined).toBeNull();
    expect(report.scores.casePrecisionWho).toBeNull();
    expect(report.scores.citationPrecision).toBe(1);
  });
});
