-- The ids of a document's chunks from the index alone: keyword search leaves out the internal documents' chunks
-- for the public (knowledge/retrieval/lexical-search.ts) and reads them document by document; through the
-- (document_id, ordinal) index it visited the table for each of them (about 4,000 at 100,000 chunks).
CREATE INDEX IF NOT EXISTS chunks_document_chunk_idx ON chunks (document_id) INCLUDE (id);
