import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../../../ingest/parse/markdown.js';
import { renderKnowledgeDraft } from '../../../../bot/escalation/index.js';
import { draftSlug } from '../../../../bot/escalation/knowledge-draft.js';
import { CITATION } from './escalation-fixture.js';

const input = {
  escalationId: '3f2a9c1e-0000-4000-8000-000000000000',
  question: 'Hvordan får vi ældre på nettet: "IT-caféer"? Ring 12 34 56 78',
  adviserName: 'Anna Rådgiver',
  answers: ['Se på Vejles IT-caféer.', 'Skriv til anna@vejle.dk for materialet.'],
  citations: [CITATION],
  date: new Date('2025-03-04T10:00:00Z'),
};

describe('renderKnowledgeDraft', () => {
  it('should produce a library document the ingest accepts when an answer is kept', () => {
    const parsed = parseMarkdown(renderKnowledgeDraft(input), '2025-03-04-3f2a9c1e-hvordan.md');
    expect(parsed.problems).toEqual([]);
    expect(parsed.documents[0]).toMatchObject({
      type: 'method',
      title: 'Hvordan får vi ældre på nettet: "IT-caféer"? Ring [telefonnummer fjernet]',
      audience: 'internal',
      author: 'Anna Rådgiver',
      tags: ['adviser-svar', 'udkast'],
    });
  });

  it('should mask personal data in question and answers when rendering', () => {
    const text = renderKnowledgeDraft(input);
    expect(text).not.toMatch(/12 34 56 78|anna@vejle\.dk/);
    expect(text).toContain('Skriv til [e-mail fjernet] for materialet.');
  });

  it('should list the sources the bot used with their document ids when rendering', () => {
    expect(renderKnowledgeDraft(input)).toContain(
      '## Kilder botten brugte\n\n- [1] Længst muligt i eget liv (Fredericia Kommune, 2008) — https://example.dk/fredericia (dokument: `fredericia-laengst-muligt-i-eget-liv`)',
    );
    expect(renderKnowledgeDraft({ ...input, citations: [] })).toContain('## Kilder botten brugte\n\nIngen.');
  });
});

describe('draftSlug', () => {
  it('should fold Danish letters and cut at a word when the question is long', () => {
    expect(draftSlug('Hvordan får vi ældre på nettet?')).toBe('hvordan-faar-vi-aeldre-paa-nettet');
    expect(draftSlug('Hvem har prøvet hverdagsrehabilitering i kommuner med mange ældre borgere?').length).toBeLessThanOrEqual(50);
    expect(draftSlug('???')).toBe('svar');
  });
});
