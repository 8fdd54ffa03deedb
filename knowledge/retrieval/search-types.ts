import type { Audience, DocumentMetadata, DocumentType, OrganisationType, Region } from '../documents/library-document.js';

/** Metadata filters; every field is optional and they combine with AND. */
export interface SearchFilters {
  types?: DocumentType[];
  organisationTypes?: OrganisationType[];
  regions?: Region[];
  /** Documents active in or after this year (their end year, or start year when open). */
  yearFrom?: number;
  /** Documents started in or before this year. */
  yearTo?: number;
  /** Case-insensitive match on the policy area. */
  policyArea?: string;
  /** Restrict to these documents (follow-ups about a previous answer). */
  documentIds?: string[];
  /** Leave out these documents ("er der flere?" after an answer). */
  excludeDocumentIds?: string[];
}

export type RetrievalMode = 'hybrid' | 'vector' | 'lexical';

export interface SearchOptions {
  filters?: SearchFilters;
  /**
   * Who is asking. `public` sees only public documents; `internal` (the centre's staff) sees internal ones too.
   * There is deliberately no default: every caller must say.
   */
  audience: Audience;
  /** Chunks to return. @default 8 */
  limit?: number;
  /** At most this many chunks from one document, so one long report cannot crowd out the cases. @default 2 */
  perDocument?: number;
  /** @default 'hybrid' */
  mode?: RetrievalMode;
  /** Candidates each retriever contributes before fusion. @default 40 */
  candidates?: number;
}

/** What a hit says about its document: enough for citations and case cards without another query. */
export interface DocumentSummary
  extends Pick<
    DocumentMetadata,
    | 'id'
    | 'type'
    | 'title'
    | 'organisation'
    | 'organisationType'
    | 'region'
    | 'year'
    | 'endYear'
    | 'policyArea'
    | 'status'
    | 'contact'
    | 'sourceUrl'
    | 'audience'
    | 'methods'
    | 'tags'
  > {
  /** One or two sentences from the body, written at ingest. */
  summary: string;
  sourcePath: string;
}

export interface SearchHit {
  chunkId: number;
  documentId: string;
  ordinal: number;
  headingPath: string[];
  content: string;
  /** Fused rank score (Reciprocal Rank Fusion); only comparable within one result list. */
  score: number;
  /** Cosine similarity of the chunk to the question, when the vector retriever saw it (0..1). */
  vectorSimilarity?: number;
  /** Share of the question's meaningful words found in the chunk (0..1), when the lexical retriever saw it. */
  lexicalCoverage?: number;
  /**
   * True when the question named no topic, only filters ("cases fra Region Midtjylland efter 2015"), and the hit is
   * a document the filters choose (its profile chunk, newest first) rather than one ranked by relevance.
   */
  browsed?: boolean;
  document: DocumentSummary;
}
