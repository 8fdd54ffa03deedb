/**
 * The library's document model: what every parser produces and what the store keeps.
 * The field names are the library format's contract (front matter, CSV columns, JSON keys).
 */

export const DOCUMENT_TYPES = ['case', 'method', 'research'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const ORGANISATION_TYPES = ['kommune', 'region', 'stat', 'andet'] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

export const REGIONS = ['Hovedstaden', 'Sjælland', 'Syddanmark', 'Midtjylland', 'Nordjylland', 'national'] as const;
export type Region = (typeof REGIONS)[number];

export const INNOVATION_TYPES = ['medarbejderdreven', 'brugerdreven', 'samarbejdsdrevet', 'teknologisk'] as const;
export type InnovationType = (typeof INNOVATION_TYPES)[number];

export const STATUSES = ['idé', 'igangværende', 'afsluttet', 'skaleret'] as const;
export type Status = (typeof STATUSES)[number];

export const AUDIENCES = ['public', 'internal'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** The file formats the library accepts; stored with each document. */
export type SourceFormat = 'markdown' | 'pdf' | 'docx' | 'html' | 'text' | 'csv' | 'json';

export interface Contact {
  name?: string;
  role?: string;
  email?: string;
  phone?: string;
}

/** Everything about a document except its body. Optional fields are absent, never empty strings. */
export interface DocumentMetadata {
  id: string;
  type: DocumentType;
  title: string;
  organisation?: string;
  organisationType?: OrganisationType;
  region?: Region;
  year?: number;
  endYear?: number;
  policyArea?: string;
  innovationType: InnovationType[];
  methods: string[];
  status?: Status;
  contact?: Contact;
  sourceUrl?: string;
  tags: string[];
  audience: Audience;
  /** Author(s) taken from a PDF/DOCX/HTML document's own metadata, when it has them. */
  author?: string;
  /** Other names a method document is known by ("Double Diamond" for "double-diamond"): cases' `methods` link to it. */
  aliases?: string[];
}

/**
 * One parsed library document, ready to chunk.
 * `body` is Markdown (or plain text with blank-line paragraphs): chunking splits it on `#` headings.
 */
export interface LibraryDocument extends DocumentMetadata {
  body: string;
  /** Path of the file it came from, relative to the ingest root when possible; for CSV/JSON rows `file#row`. */
  sourcePath: string;
  sourceFormat: SourceFormat;
}
