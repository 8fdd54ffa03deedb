-- Which documents used which method, as data: a case's front-matter `methods` ("design thinking", "samskabelse")
-- normalised at ingest to the ids of the library's method documents (by id, title and the method's `aliases`).
-- method_aliases keeps each method document's own aliases, so links can be recomputed when only a case changes.
CREATE TABLE IF NOT EXISTS method_aliases (
  method_id  text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  alias_key  text NOT NULL,
  PRIMARY KEY (method_id, alias_key)
);

CREATE TABLE IF NOT EXISTS method_links (
  document_id text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  method_id   text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  -- The name as the document wrote it, for display and debugging.
  method_name text NOT NULL,
  PRIMARY KEY (document_id, method_id)
);
CREATE INDEX IF NOT EXISTS method_links_method_idx ON method_links (method_id);
