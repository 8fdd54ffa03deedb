import type { CaseCard, Citation } from '../messages.js';

/**
 * Renumbers the citations an answer kept to 1..n in order of first use, rewriting the [n] markers in the text and
 * the case cards, so a reply never shows "[1] [4]" with no [2] or [3].
 */
export function renumberCitations(
  text: string,
  citations: Citation[],
  cases: CaseCard[],
): { text: string; citations: Citation[]; cases: CaseCard[] } {
  const order: number[] = [];
  for (const match of text.matchAll(/\[(\d{1,3})\]/g)) {
    const n = Number(match[1]);
    if (!order.includes(n) && citations.some((citation) => citation.n === n)) order.push(n);
  }
  for (const citation of citations) if (!order.includes(citation.n)) order.push(citation.n);
  const mapping = new Map(order.map((n, index) => [n, index + 1]));
  return {
    text: text.replace(/\[(\d{1,3})\]/g, (whole, digits: string) => {
      const mapped = mapping.get(Number(digits));
      return mapped === undefined ? whole : `[${mapped}]`;
    }),
    citations: citations
      .map((citation) => ({ ...citation, n: mapping.get(citation.n)! }))
      .sort((a, b) => a.n - b.n),
    cases: cases.map((card) => (card.citation === undefined ? card : { ...card, citation: mapping.get(card.citation) })),
  };
}
