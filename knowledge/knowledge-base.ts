/**
 * The knowledge base as the rest of the product sees it: the database, the embedder and the retrieval function,
 * opened together from the settings.
 */
import type { Config } from '../config/env.js';
import type { Logger } from '../config/logger.js';
import type { Db } from './db/db.js';
import { openDatabase } from './db/open-db.js';
import type { Embedder } from './embeddings/embedder.js';
import { createEmbedder } from './embeddings/create-embedder.js';
import { searchLibrary } from './retrieval/search-library.js';
import type { SearchHit, SearchOptions } from './retrieval/search-types.js';
import { readEmbeddingModel, EmbeddingModelMismatchError } from './store/embedding-settings.js';

export interface KnowledgeBase {
  db: Db;
  embedder: Embedder;
  search(question: string, options: SearchOptions): Promise<SearchHit[]>;
  close(): Promise<void>;
}

/**
 * Opens the database (migrating it) and the embedder. With `checkModel` (default) a database built with another
 * embedding model is refused at once rather than returning meaningless results. `shareDatabase`: the server's
 * way of opening the embedded database (see openDatabase); `migrations`: the folders to migrate (see migrate.ts).
 * @throws DatabaseUnavailableError, DataDirInUseError, EmbeddingError, EmbeddingModelMismatchError
 */
export async function openKnowledgeBase(
  config: Pick<Config, 'database' | 'embedding'>,
  options: { checkModel?: boolean; embedder?: Embedder; db?: Db; shareDatabase?: boolean; migrations?: readonly string[]; logger?: Logger } = {},
): Promise<KnowledgeBase> {
  const embedder = options.embedder ?? (await createEmbedder(config.embedding));
  const db = options.db ?? (await openDatabase(config.database, { share: options.shareDatabase, migrations: options.migrations, logger: options.logger }));
  if (options.checkModel !== false) {
    const stored = await readEmbeddingModel(db);
    if (stored && stored.modelId !== embedder.modelId) {
      await db.close();
      throw new EmbeddingModelMismatchError(stored, { modelId: embedder.modelId, dimensions: embedder.dimensions });
    }
  }
  return {
    db,
    embedder,
    search: (question, searchOptions) => searchLibrary({ db, embedder }, question, searchOptions),
    close: () => db.close(),
  };
}
