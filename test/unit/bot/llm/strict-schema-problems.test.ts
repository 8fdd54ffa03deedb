import { describe, expect, it } from 'vitest';
import { strictSchemaProblems } from './llm-test-harness.js';

describe('strictSchemaProblems (test helper)', () => {
  it('should report optional keys and defaults when a schema breaks OpenAI strict mode', () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { anyOf: [{ type: 'object', properties: { c: { default: 1 } } }] } },
      required: ['a'],
    };
    expect(strictSchemaProblems(schema)).toEqual([
      '$: b not required',
      '$.properties.b.anyOf[0]: c not required',
      '$.properties.b.anyOf[0].properties.c: default',
    ]);
  });

  it('should report nothing when every key is required and nothing has a default', () => {
    expect(strictSchemaProblems({ type: 'object', properties: { a: { type: ['string', 'null'] } }, required: ['a'] })).toEqual([]);
  });
});
