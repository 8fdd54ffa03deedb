import { describe, expect, it } from 'vitest';
import { summariseBody } from '../../../ingest/document-profile.js';

describe('summariseBody', () => {
  it('should not end a sentence at bl.a. or f.eks. when the first paragraph is long', () => {
    const body = `## Baggrund\n${'Design thinking er bl.a. gjort kendt af designbureauer og bruges f.eks. i kommuner til at forstå borgernes behov. '.repeat(3)}`;
    const summary = summariseBody(body);
    expect(summary.startsWith('Design thinking er bl.a. gjort kendt')).toBe(true);
    expect(summary).toContain('f.eks. i kommuner');
    expect(summary.length).toBeLessThanOrEqual(260);
  });

  it('should skip headings and list items when choosing the paragraph', () => {
    expect(summariseBody('# Titel\n\n- punkt et\n\nFredericia Kommune ville hjælpe ældre borgere til at klare sig selv længere.')).toBe(
      'Fredericia Kommune ville hjælpe ældre borgere til at klare sig selv længere.',
    );
  });
});
