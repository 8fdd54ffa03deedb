/**
 * The retrieval API the bot calls: hybrid (vector + Danish full text, fused with Reciprocal Rank Fusion), with
 * metadata filters, an audience check, and a cap on chunks per document.
 */
import type { Db } from '../db/db.js';
import type { Embedder } from '../embeddings/embedder.js';
import { stripQuestionCues } from '../text/question-cue-words.js';
import { browseByFilters } from './browse-by-filters.js';
import { fetchChunkDetails, type ChunkDetailRow } from './chunk-details.js';
import { toDocumentSummary } from './document-columns.js';
import { reciprocalRankFusion } from './fuse-ranks.js';
import { lexicalSearch, type LexicalRow } from './lexical-search.js';
import { choosesDocuments, narrowsByMetadata } from './search-filters.js';
import type { SearchFilters, SearchHit, SearchOptions } from './search-types.js';
import { vectorSearch, type VectorRow } from './vector-search.js';

export interface SearchDependencies {
  db: Db;
  embedder: Embedder;
}

/**
 * Under metadata filters, a chunk only the vector side found is kept when its similarity is at least this share of
 * the best one's and at least `UNRELATED_SIMILARITY`. 0.12 is where the local embedder's similarity starts to mean
 * something (the confidence calibration's floor); for OpenAI's models, whose unrelated pairs score higher, the
 * relative test does the work.
 */
const RELATIVE_SIMILARITY = 0.6;
const UNRELATED_SIMILARITY = 0.12;

/**
 * Finds the chunks that best answer `question`.
 * @example
 * const hits = await searchLibrary({ db, embedder }, 'hverdagsrehabilitering i kommunerne', { audience: 'public' });
 */
export async function searchLibrary(
  deps: SearchDependencies,
  question: string,
  options: SearchOptions,
): Promise<SearchHit[]> {
  const mode = options.mode ?? 'hybrid';
  const limit = options.limit ?? 8;
  const perDocument = options.perDocument ?? 2;
  const candidates = Math.max(options.candidates ?? 40, limit);
  if (!question.trim()) return [];
  const text = searchText(question, options.filters);
  if (!text) {
    if (!choosesDocuments(options.filters)) return [];
    const browsed = await browseByFilters(deps.db, options.filters, options.audience, limit);
    const details = await fetchChunkDetails(deps.db, browsed.map((row) => String(row.chunk_id)));
    return browsed.flatMap((row, index) => {
      const detail = details.get(String(row.chunk_id));
      return detail ? [{ ...toHit(detail, 1 / (index + 1)), browsed: true }] : [];
    });
  }

  // Keyword search needs no embedding, so it starts first and runs while the question is embedded (a network call
  // with OpenAI). On Postgres the two retrievers run on two pooled connections, on PGlite one after the other.
  const lexical: Promise<LexicalRow[]> =
    mode !== 'vector' ? lexicalSearch(deps.db, text, options.filters, options.audience, candidates) : Promise.resolve([]);
  const vector: Promise<VectorRow[]> =
    mode === 'lexical'
      ? Promise.resolve([])
      : // The HNSW settings (ef_search, iterative scan) are the session's own, set once per connection
        // (knowledge/db/session-settings.ts): one round trip, no transaction.
        deps.embedder.embed([text], 'query').then(([embedding]) =>
          vectorSearch(
            deps.db,
            { embedding: embedding!, model: deps.embedder.modelId, dimensions: deps.embedder.dimensions },
            options.filters,
            options.audience,
            candidates,
          ),
        );
  const [vectorRows, lexicalRows] = await Promise.all([vector, lexical]);

  const rows = new Map<string, VectorRow | LexicalRow>();
  const similarity = new Map<string, number>();
  const coverage = new Map<string, number>();
  for (const row of vectorRows) {
    const id = String(row.chunk_id);
    rows.set(id, row);
    similarity.set(id, Number(row.similarity));
  }
  for (const row of lexicalRows) {
    const id = String(row.chunk_id);
    if (!rows.has(id)) rows.set(id, row);
    coverage.set(id, row.total_terms > 0 ? row.matched_terms / row.total_terms : 0);
  }

  const fused = reciprocalRankFusion([
    vectorRows.map((row) => String(row.chunk_id)),
    lexicalRows.map((row) => String(row.chunk_id)),
  ]);
  const ordered = [...fused.entries()].sort((a, b) => b[1] - a[1] || Number(a[0]) - Number(b[0]));

  // Under metadata filters the vector side always fills its list from the few documents left, whatever their topic
  // ("beskæftigelse efter 2020" would list the climate and school cases of those years). There, a chunk the keyword
  // search did not find must be about as close to the question as the best one, and not unrelated outright.
  const topicFloor = narrowsByMetadata(options.filters)
    ? Math.max(UNRELATED_SIMILARITY, RELATIVE_SIMILARITY * Math.max(0, ...similarity.values()))
    : -Infinity;
  const chosen: Array<{ id: string; score: number }> = [];
  const perDocumentCount = new Map<string, number>();
  for (const [id, score] of ordered) {
    if (!coverage.has(id) && (similarity.get(id) ?? -Infinity) < topicFloor) continue;
    const row = rows.get(id)!;
    const used = perDocumentCount.get(row.document_id) ?? 0;
    if (used >= perDocument) continue;
    perDocumentCount.set(row.document_id, used + 1);
    chosen.push({ id, score });
    if (chosen.length >= limit) break;
  }

  const details = await fetchChunkDetails(deps.db, chosen.map((entry) => entry.id));
  const hits: SearchHit[] = [];
  for (const { id, score } of chosen) {
    const row = details.get(id);
    if (!row) continue;
    hits.push(toHit(row, score, similarity.get(id), coverage.get(id)));
  }
  return hits;
}

/**
 * What to search for: the question without its cue words ("hvem har lavet", "kender I nogen", "erfaringer med") and
 * without the words of the filters that are applied ("i Region Midtjylland", "efter 2015"), so neither decides the
 * ranking. '' when nothing is left but cues and filters (the caller then browses by the filters). A question that
 * is all cue words and has no filters ("hvad er en metode?") is searched as it is.
 */
export function searchText(question: string, filters: SearchFilters | undefined): string {
  const stripped = stripQuestionCues(question, {
    regions: Boolean(filters?.regions?.length),
    organisationTypes: Boolean(filters?.organisationTypes?.length),
    years: filters?.yearFrom !== undefined || filters?.yearTo !== undefined,
    policyArea: filters?.policyArea,
  });
  if (stripped || choosesDocuments(filters)) return stripped;
  return question.trim();
}

function toHit(row: ChunkDetailRow, score: number, vectorSimilarity?: number, lexicalCoverage?: number): SearchHit {
  return {
    chunkId: Number(row.chunk_id),
    documentId: row.document_id,
    ordinal: row.ordinal,
    headingPath: row.heading_path ?? [],
    content: row.content,
    score,
    vectorSimilarity,
    lexicalCoverage,
    document: toDocumentSummary(row),
  };
}
