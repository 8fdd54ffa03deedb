import type { LibraryDocument } from '../knowledge/documents/library-document.js';
import { chunkText, estimateTokens, type ChunkOptions } from './chunk-text.js';
import { contentHash } from './content-hash.js';
import { buildProfile, chunkContext, embeddingText, summariseDocument } from './document-profile.js';

/** A document chunked and ready to embed: the store's chunk fields minus the embedding. */
export interface PreparedDocument {
  document: LibraryDocument;
  summary: string;
  contentHash: string;
  chunks: { ordinal: number; headingPath: string[]; content: string; tokenCount: number; context: string }[];
  /** One text per chunk, in order: what the embedder sees. */
  embeddingTexts: string[];
}

/**
 * Splits a document into its profile chunk (ordinal 0) and its body chunks. Pure.
 * `knownHash`: the document's {@link contentHash} when the caller has computed it already.
 */
export function prepareDocument(document: LibraryDocument, chunkOptions?: ChunkOptions, knownHash?: string): PreparedDocument {
  const summary = summariseDocument(document);
  const profile = buildProfile(document, summary);
  const pieces = [
    { headingPath: [] as string[], content: profile, tokenCount: estimateTokens(profile) },
    ...chunkText(document.body, chunkOptions),
  ];
  const chunks = pieces.map((piece, ordinal) => ({
    ordinal,
    headingPath: piece.headingPath,
    content: piece.content,
    tokenCount: piece.tokenCount,
    context: chunkContext(document, piece.headingPath),
  }));
  return {
    document,
    summary,
    contentHash: knownHash ?? contentHash(document),
    chunks,
    embeddingTexts: chunks.map((chunk) => embeddingText(document, chunk.headingPath, chunk.content)),
  };
}
