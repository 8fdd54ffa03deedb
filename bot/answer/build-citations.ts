/**
 * Numbered sources for an answer: one number per document (a case found through three chunks is still one source),
 * in the order retrieval ranked them.
 */
import type { SearchHit } from '../../knowledge/index.js';
import type { Citation } from '../messages.js';
import { isProfileChunk, passageSentences } from './sentence-quality.js';
import { collapseWhitespace } from './split-sentences.js';

/** Target length of a citation's passage; it is cut at a sentence boundary at or below this. */
export const PASSAGE_CHARS = 400;

export interface CitationSet {
  citations: Citation[];
  /** documentId -> citation number, for the composers and the case cards. */
  byDocument: Map<string, number>;
}

/**
 * The passage of `text` up to about `limit` characters, ending at a sentence boundary. A first sentence longer than
 * the limit is cut at a word boundary and marked with "…".
 */
export function trimPassage(sentences: string[], limit = PASSAGE_CHARS): string {
  let passage = '';
  for (const sentence of sentences) {
    const next = passage ? `${passage} ${sentence}` : sentence;
    if (next.length > limit) break;
    passage = next;
  }
  if (passage || sentences.length === 0) return passage;
  const cut = sentences[0].slice(0, limit - 1).replace(/\s+\S*$/u, '');
  return `${cut}…`;
}

/** The hit a document is best represented by: its highest-ranked body chunk, else its profile chunk. */
function bestChunk(hits: SearchHit[]): SearchHit {
  return hits.find((hit) => !isProfileChunk(hit)) ?? hits[0];
}

/**
 * Citations for the first `maxSources` distinct documents of `hits` (rank order). `passage` is the best chunk's
 * content trimmed to ~400 characters at a sentence boundary (falling back to the document's own summary when the
 * only chunk found is the metadata profile), `section` its heading path joined with ' › ', `url` the document's
 * source URL. Nothing is taken from outside the hit list.
 */
export function buildCitations(hits: SearchHit[], maxSources = 5): CitationSet {
  const chunksByDocument = new Map<string, SearchHit[]>();
  for (const hit of hits) {
    const chunks = chunksByDocument.get(hit.documentId);
    if (chunks) chunks.push(hit);
    else if (chunksByDocument.size < maxSources) chunksByDocument.set(hit.documentId, [hit]);
  }
  const citations: Citation[] = [];
  const byDocument = new Map<string, number>();
  for (const [documentId, chunks] of chunksByDocument) {
    const chunk = bestChunk(chunks);
    const document = chunk.document;
    const n = citations.length + 1;
    const passage = trimPassage(passageSentences(chunk)) || collapseWhitespace(document.summary);
    const citation: Citation = { n, documentId, title: document.title, passage };
    if (document.organisation) citation.organisation = document.organisation;
    if (document.year !== undefined) citation.year = document.year;
    if (document.sourceUrl) citation.url = document.sourceUrl;
    if (chunk.headingPath.length > 0) citation.section = chunk.headingPath.join(' › ');
    citations.push(citation);
    byDocument.set(documentId, n);
  }
  return { citations, byDocument };
}
