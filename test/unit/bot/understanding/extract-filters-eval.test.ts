/**
 * Filter extraction against the eval questions (test/eval/questions.json): the filter questions carry the filters
 * a person would set; the who/method questions carry none.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractFilters, POLICY_AREAS } from '../../../../bot/understanding/index.js';
import type { SearchFilters } from '../../../../knowledge/index.js';

interface EvalQuestion {
  id: string;
  kind: 'who' | 'method' | 'filter';
  question: string;
  filters?: {
    organisationType?: string;
    region?: string;
    yearFrom?: number;
    yearTo?: number;
    type?: string;
    policyArea?: string;
  };
}

const questions = JSON.parse(
  readFileSync(new URL('../../../eval/questions.json', import.meta.url), 'utf8'),
) as EvalQuestion[];
const withFilters = questions.filter((question) => question.filters);
const withoutFilters = questions.filter((question) => !question.filters);
const NOW = new Date('2025-06-01T12:00:00Z');
const extract = (question: EvalQuestion): SearchFilters => extractFilters(question.question, NOW).filters;

describe('extractFilters on the eval questions', () => {
  it('should have filter questions and plain questions to test with', () => {
    expect(withFilters.length).toBeGreaterThanOrEqual(20);
    expect(withoutFilters.length).toBeGreaterThanOrEqual(40);
  });

  it.each(withFilters)('should reproduce organisation type, region and years of $id', (question) => {
    const filters = extract(question);
    const expected = question.filters ?? {};
    expect({
      organisationType: filters.organisationTypes?.join(','),
      region: filters.regions?.join(','),
      yearFrom: filters.yearFrom,
      yearTo: filters.yearTo,
    }).toEqual({
      organisationType: expected.organisationType,
      region: expected.region,
      yearFrom: expected.yearFrom,
      yearTo: expected.yearTo,
    });
  });

  it.each(withFilters)('should never set a policy area or document type that contradicts $id', (question) => {
    const filters = extract(question);
    const expected = question.filters ?? {};
    if (filters.policyArea !== undefined) expect(filters.policyArea).toBe(expected.policyArea);
    if (filters.types !== undefined) expect(filters.types).toEqual([expected.type]);
  });

  it('should miss only the policy areas that are mentioned in passing, not named as an area', () => {
    // q58 "for de ældre" and q64 "teknologi i ældreplejen" are topics; the same wording in who-questions
    // (q02, q18) must not filter, so neither does it here.
    const misses = withFilters
      .filter((question) => question.filters?.policyArea !== extract(question).policyArea)
      .map((question) => question.id);
    expect(misses).toEqual(['q58', 'q64']);
  });

  it('should miss only the document types that are implied, not asked for', () => {
    // q52 "projekter" and q54 "eksempler" are also answered by research reports; other questions with
    // "projekter" (q57, q60, q63, q67) expect no type either.
    const misses = withFilters
      .filter((question) => question.filters?.type !== extract(question).types?.join(','))
      .map((question) => question.id);
    expect(misses).toEqual(['q52', 'q54']);
  });

  it.each(withoutFilters)('should set no filter for $id, which states no restriction', (question) => {
    expect(extract(question)).toEqual({});
  });
});

describe('POLICY_AREAS', () => {
  it('should be exactly the policy areas the sample library uses, so a mapped filter can match', () => {
    const library = new URL('../../../../data/library/', import.meta.url);
    const used = new Set<string>();
    for (const file of readdirSync(library, { recursive: true, encoding: 'utf8' })) {
      const text = file.endsWith('.md') || file.endsWith('.json') ? readFileSync(new URL(file, library), 'utf8') : '';
      for (const match of text.matchAll(/^policy_area:\s*(.+)$/gmu)) used.add(match[1]!.trim());
      for (const match of text.matchAll(/"policy_area":\s*"([^"]+)"/gu)) used.add(match[1]!);
    }
    expect([...used].sort()).toEqual([...POLICY_AREAS].sort());
  });
});
