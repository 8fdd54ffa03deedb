/** The knowledge base: database, embeddings, library documents and hybrid retrieval. */
export type { Db, Queryable, QueryResult } from './db/db.js';
export { DatabaseUnavailableError, QueryError } from './db/db.js';
export { vectorToSql } from './store/vector-sql.js';
export { openDatabase } from './db/open-db.js';
export { openPgliteDb } from './db/pglite-db.js';
export { noteNewConnection } from './db/new-connections.js';
export { openPgDb, redactUrl } from './db/pg-db.js';
export { migrate } from './db/migrate.js';
export * from './documents/library-document.js';
export * from './embeddings/index.js';
export { openKnowledgeBase, type KnowledgeBase } from './knowledge-base.js';
export { describeOpenAIFailure, type OpenAIFailure, type OpenAIFailureKind } from './openai/describe-openai-failure.js';
export { searchLibrary, type SearchDependencies } from './retrieval/search-library.js';
export type { DocumentSummary, RetrievalMode, SearchFilters, SearchHit, SearchOptions } from './retrieval/search-types.js';
export { lexicalTerms } from './retrieval/lexical-search.js';
export { countLibrary } from './store/document-store.js';
export { EmbeddingModelMismatchError, readEmbeddingModel } from './store/embedding-settings.js';
export { detectLanguage, tokenize, normalizeText, analyzeText, isStopWord, stem, type TextLanguage } from './text/danish-text.js';
