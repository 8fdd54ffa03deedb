import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { composeMethodAnswer, type MethodChunk } from '../../../../bot/answer/index.js';
import { chunkText } from '../../../../ingest/chunk-text.js';

const file = fs.readFileSync(new URL('../../../../data/library/metoder/double-diamond.md', import.meta.url), 'utf8');
const body = file.split(/^---$/mu)[2]!;
const chunks: MethodChunk[] = chunkText(body).map((chunk) => ({ headingPath: chunk.headingPath, content: chunk.content }));
const document = { id: 'double-diamond', title: 'Double Diamond – dobbeltdiamanten for innovationsforløb', summary: '' };

describe('composeMethodAnswer', () => {
  it('should name Double Diamond and list its four phases in order when asked what it is', () => {
    const answer = composeMethodAnswer({ document, citation: 1, chunks, linkedCases: [] }, 'da');
    expect(answer.text.startsWith('**Double Diamond**')).toBe(true);
    const phases = ['Discover', 'Define', 'Develop', 'Deliver'].map((phase) => answer.text.indexOf(`**${phase}:**`));
    expect(phases.every((index) => index > 0)).toBe(true);
    expect([...phases].sort((a, b) => a - b)).toEqual(phases);
    expect(answer.text).not.toContain('Se også');
    expect(answer.usedCitations).toEqual([1]);
  });

  it('should list the cases linked by their methods data under "cases that used it"', () => {
    const linked = { documentId: 'dokk1', title: 'Dokk1', organisation: 'Aarhus Kommunes Biblioteker', year: 2005, status: 'afsluttet' as const,
      summary: 'Tilblivelsen af Dokk1 var en lang proces, hvor borgere og brugere var med i alle faser.', citation: 2 };
    const answer = composeMethodAnswer({ document, citation: 1, chunks, linkedCases: [linked] }, 'da');
    expect(answer.text).toContain('Cases, der har brugt metoden:');
    expect(answer.text).toContain('- **Aarhus Kommunes Biblioteker** (2005, afsluttet): Tilblivelsen af Dokk1');
    expect(answer.usedCitations).toEqual([1, 2]);
  });
});
