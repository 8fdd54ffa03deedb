/**
 * An upload only adds to the library. Each upload lies in a folder of its own, so a document id it shares with a
 * stored document belongs to another file, and the ingest of just the uploaded files would quietly move that
 * document to the upload (the ingest allows an id to move between files when it sees only one of them). The
 * console refuses such a file instead: to replace a document, unpublish it first.
 */
import type { Queryable } from '../../knowledge/db/db.js';
import { listDocumentStates } from '../../knowledge/store/document-store.js';
import { parseFile } from '../../ingest/parse/parse-file.js';
import type { SavedUpload } from './library-upload.js';

/** Per uploaded file (by relative path), why it may not be ingested; files that may are absent. */
export async function claimedIdProblems(db: Queryable, files: SavedUpload[]): Promise<Map<string, string>> {
  const problems = new Map<string, string>();
  if (files.length === 0) return problems;
  const stored = new Map((await listDocumentStates(db)).map((state) => [state.id, state.sourcePath]));
  for (const file of files) {
    // Parsed here only for its ids (a file that does not parse is left to the ingest, which reports why).
    const { documents } = await parseFile(file.absolutePath, file.relativePath);
    const taken = documents.find((document) => stored.has(document.id));
    if (taken) {
      problems.set(
        file.relativePath,
        `id "${taken.id}" bruges allerede af ${stored.get(taken.id)}; afpublicér det dokument først, eller giv filen et andet id (id i front matter)`,
      );
    }
  }
  return problems;
}
