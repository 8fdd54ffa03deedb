import type { DocumentSummary } from './search-types.js';

/** The `documents d` columns every search selects, and their mapping to `DocumentSummary`. */
export const DOCUMENT_COLUMNS = `d.id AS doc_id, d.type AS doc_type, d.title AS doc_title, d.organisation AS doc_organisation,
  d.organisation_type AS doc_organisation_type, d.region AS doc_region, d.year AS doc_year, d.end_year AS doc_end_year,
  d.policy_area AS doc_policy_area, d.status AS doc_status, d.contact AS doc_contact, d.source_url AS doc_source_url,
  d.summary AS doc_summary, d.audience AS doc_audience, d.methods AS doc_methods, d.tags AS doc_tags,
  d.source_path AS doc_source_path`;

export interface DocumentColumnsRow {
  doc_id: string;
  doc_type: DocumentSummary['type'];
  doc_title: string;
  doc_organisation: string | null;
  doc_organisation_type: DocumentSummary['organisationType'] | null;
  doc_region: DocumentSummary['region'] | null;
  doc_year: number | null;
  doc_end_year: number | null;
  doc_policy_area: string | null;
  doc_status: DocumentSummary['status'] | null;
  doc_contact: DocumentSummary['contact'] | string | null;
  doc_source_url: string | null;
  doc_summary: string;
  doc_audience: DocumentSummary['audience'];
  doc_methods: string[];
  doc_tags: string[];
  doc_source_path: string;
}

export function toDocumentSummary(row: DocumentColumnsRow): DocumentSummary {
  const contact = typeof row.doc_contact === 'string' ? JSON.parse(row.doc_contact) : row.doc_contact;
  return {
    id: row.doc_id,
    type: row.doc_type,
    title: row.doc_title,
    organisation: row.doc_organisation ?? undefined,
    organisationType: row.doc_organisation_type ?? undefined,
    region: row.doc_region ?? undefined,
    year: row.doc_year ?? undefined,
    endYear: row.doc_end_year ?? undefined,
    policyArea: row.doc_policy_area ?? undefined,
    status: row.doc_status ?? undefined,
    contact: contact ?? undefined,
    sourceUrl: row.doc_source_url ?? undefined,
    summary: row.doc_summary,
    audience: row.doc_audience,
    methods: row.doc_methods ?? [],
    tags: row.doc_tags ?? [],
    sourcePath: row.doc_source_path,
  };
}
