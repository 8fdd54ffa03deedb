import type { LibraryDocument, SourceFormat } from '../../knowledge/documents/library-document.js';
import type { ParsedMetadata } from './metadata-schema.js';

/** Where a document came from and what to call it when the metadata has no id. */
export interface DocumentOrigin {
  defaultId: string;
  body: string;
  sourcePath: string;
  sourceFormat: SourceFormat;
}

/**
 * Completes validated metadata into a LibraryDocument: the metadata's own id wins over the default,
 * and the result never carries keys whose value is undefined (optional fields are absent).
 */
export function toLibraryDocument(metadata: ParsedMetadata, origin: DocumentOrigin): LibraryDocument {
  const document: LibraryDocument = {
    ...metadata,
    id: metadata.id ?? origin.defaultId,
    body: origin.body,
    sourcePath: origin.sourcePath,
    sourceFormat: origin.sourceFormat,
  };
  for (const key of Object.keys(document) as (keyof LibraryDocument)[]) {
    if (document[key] === undefined) delete document[key];
  }
  return document;
}
