-- The library: one row per document with its metadata as real columns, and its chunks with
-- a Danish full-text vector and an embedding. The HNSW index is created by the store for the
-- embedding model's dimension (see knowledge/store/embedding-index.ts), since the column is untyped.

CREATE TABLE IF NOT EXISTS knowledge_settings (
  key   text PRIMARY KEY,
  value text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS documents (
  id                text PRIMARY KEY,
  type              text NOT NULL CHECK (type IN ('case', 'method', 'research')),
  title             text NOT NULL,
  organisation      text,
  organisation_type text CHECK (organisation_type IN ('kommune', 'region', 'stat', 'andet')),
  region            text,
  year              integer,
  end_year          integer,
  policy_area       text,
  innovation_type   text[] NOT NULL DEFAULT '{}',
  methods           text[] NOT NULL DEFAULT '{}',
  status            text,
  contact           jsonb,
  source_url        text,
  tags              text[] NOT NULL DEFAULT '{}',
  audience          text NOT NULL DEFAULT 'public' CHECK (audience IN ('public', 'internal')),
  author            text,
  summary           text NOT NULL DEFAULT '',
  body              text NOT NULL,
  source_path       text NOT NULL,
  source_format     text NOT NULL,
  content_hash      text NOT NULL,
  chunk_count       integer NOT NULL DEFAULT 0,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS documents_type_idx ON documents (type);
CREATE INDEX IF NOT EXISTS documents_organisation_type_idx ON documents (organisation_type);
CREATE INDEX IF NOT EXISTS documents_region_idx ON documents (region);
CREATE INDEX IF NOT EXISTS documents_year_idx ON documents (year);
CREATE INDEX IF NOT EXISTS documents_policy_area_idx ON documents (policy_area);
CREATE INDEX IF NOT EXISTS documents_audience_idx ON documents (audience);
CREATE INDEX IF NOT EXISTS documents_source_path_idx ON documents (source_path);

CREATE TABLE IF NOT EXISTS chunks (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  document_id     text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  ordinal         integer NOT NULL,
  heading_path    text[] NOT NULL DEFAULT '{}',
  content         text NOT NULL,
  token_count     integer NOT NULL,
  tsv             tsvector NOT NULL,
  embedding       vector NOT NULL,
  embedding_model text NOT NULL,
  UNIQUE (document_id, ordinal)
);

CREATE INDEX IF NOT EXISTS chunks_tsv_idx ON chunks USING gin (tsv);
CREATE INDEX IF NOT EXISTS chunks_embedding_model_idx ON chunks (embedding_model);
