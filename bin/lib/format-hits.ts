import type { SearchHit } from '../../knowledge/retrieval/search-types.js';

/** Ranked hits for a terminal: rank, title, organisation, year, score and a one-line snippet. */
export function formatHits(hits: SearchHit[], milliseconds: number): string {
  if (hits.length === 0) return `Ingen resultater (${milliseconds.toFixed(0)} ms).`;
  const lines = hits.map((hit, index) => {
    const doc = hit.document;
    const who = [doc.organisation, doc.year ? String(doc.year) : undefined].filter(Boolean).join(', ');
    const signals = [
      `score ${hit.score.toFixed(4)}`,
      hit.vectorSimilarity !== undefined ? `cos ${hit.vectorSimilarity.toFixed(2)}` : undefined,
      hit.lexicalCoverage !== undefined ? `ord ${(hit.lexicalCoverage * 100).toFixed(0)}%` : undefined,
    ].filter(Boolean);
    const where = hit.headingPath.length ? ` › ${hit.headingPath.join(' › ')}` : '';
    const snippet = hit.content.replace(/\s+/g, ' ').slice(0, 160);
    return `${String(index + 1).padStart(2)}. ${doc.title}${who ? ` (${who})` : ''} [${doc.type}] ${signals.join(', ')}\n    ${doc.id}${where}\n    ${snippet}${hit.content.length > 160 ? '…' : ''}`;
  });
  return `${lines.join('\n')}\n(${hits.length} resultater, ${milliseconds.toFixed(0)} ms)`;
}
