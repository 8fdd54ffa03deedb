import { describe, expect, it } from 'vitest';
import { decideScope, detectScope } from '../../../../bot/understanding/detect-scope.js';

describe('decideScope', () => {
  it('should decline a Christmas song even when retrieval was confident about "skriv" sentences', () => {
    expect(decideScope('Kan du skrive en julesang til mig?', { subjectMatch: false, confident: true }).outOfScope).toBe(true);
  });

  it('should decline a question with no domain words when nothing in the library is on its subject', () => {
    expect(decideScope('xqzv blorft wibble snark?', { subjectMatch: false, confident: false }).outOfScope).toBe(true);
  });

  it('should keep a question in scope when it uses the domain vocabulary, however little the library holds', () => {
    const scope = decideScope('Hvilke kommuner har brugt droner til at inspicere tage?', { subjectMatch: false, confident: false });
    expect(scope.outOfScope).toBe(false);
  });

  it('should keep a question in scope when a document found is about its subject', () => {
    expect(decideScope('Hvad er double diamond?', { subjectMatch: true, confident: true }).outOfScope).toBe(false);
  });
});

describe('detectScope', () => {
  it('should name an out-of-domain request when asked for a poem in English', () => {
    expect(detectScope('Can you write me a poem about autumn?').verdict).toBe('out_of_domain_request');
  });
});
