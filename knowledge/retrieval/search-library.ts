/**
 * The retrieval API the bot calls: hybrid (vector + Danish full text, fused with Reciprocal Rank Fusion), with
 * metadata filters, an audience check, and a cap on chunks per document.
 */
import type { Db, Queryable } from '../db/db.js';
import type { Embedder } from '../embeddings/embedder.js';
import { fetchChunkDetails } from './chunk-details.js';
import { toDocumentSummary } from './document-columns.js';
import { reciprocalRankFusion } from './fuse-ranks.js';
import { lexicalSearch, type LexicalRow } from './lexical-search.js';
import type { SearchHit, SearchOptions } from './search-types.js';
import { vectorSearch, type VectorRow } from './vector-search.js';

export interface SearchDependencies {
  db: Db;
  embedder: Embedder;
}

/** HNSW candidate list size (pgvector's default): 80 cost ~6 ms more at p95 on PGlite for no change in the evaluation. */
const EF_SEARCH = 40;

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
  const text = question.trim();
  if (!text) return [];

  // Keyword search needs no embedding, so it starts first and runs while the question is embedded (a network call
  // with OpenAI). On Postgres the two retrievers run on two pooled connections, on PGlite one after the other.
  const lexical: Promise<LexicalRow[]> =
    mode !== 'vector' ? lexicalSearch(deps.db, text, options.filters, options.audience, candidates) : Promise.resolve([]);
  const vector: Promise<VectorRow[]> =
    mode === 'lexical'
      ? Promise.resolve([])
      : deps.embedder.embed([text], 'query').then(([embedding]) =>
          deps.db.transaction(async (tx) => {
            await setVectorSearchParameters(tx);
            return vectorSearch(
              tx,
              { embedding: embedding!, model: deps.embedder.modelId, dimensions: deps.embedder.dimensions },
              options.filters,
              options.audience,
              candidates,
            );
          }),
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

  const chosen: Array<{ id: string; score: number }> = [];
  const perDocumentCount = new Map<string, number>();
  for (const [id, score] of ordered) {
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
    hits.push({
      chunkId: Number(row.chunk_id),
      documentId: row.document_id,
      ordinal: row.ordinal,
      headingPath: row.heading_path ?? [],
      content: row.content,
      score,
      vectorSimilarity: similarity.get(id),
      lexicalCoverage: coverage.get(id),
      document: toDocumentSummary(row),
    });
  }
  return hits;
}

async function setVectorSearchParameters(tx: Queryable): Promise<void> {
  // SET LOCAL lasts for this transaction only, so pooled connections are not left changed.
  await tx.exec(`SET LOCAL hnsw.ef_search = ${EF_SEARCH}; SET LOCAL hnsw.iterative_scan = relaxed_order`);
}
