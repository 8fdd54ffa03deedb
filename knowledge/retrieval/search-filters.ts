import type { Audience } from '../documents/library-document.js';
import type { SearchFilters } from './search-types.js';

/**
 * Builds the WHERE clause over `documents d` for the filters and the audience, appending parameters to `params`.
 * Audience is always applied: a public caller never sees an internal document.
 */
export function buildFilterSql(filters: SearchFilters | undefined, audience: Audience, params: unknown[]): string {
  const clauses: string[] = [];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (audience !== 'internal') clauses.push(`d.audience = 'public'`);
  if (filters?.types?.length) clauses.push(`d.type = ANY(${add(filters.types)}::text[])`);
  if (filters?.organisationTypes?.length) {
    clauses.push(`d.organisation_type = ANY(${add(filters.organisationTypes)}::text[])`);
  }
  if (filters?.regions?.length) clauses.push(`d.region = ANY(${add(filters.regions)}::text[])`);
  if (filters?.yearFrom !== undefined) clauses.push(`coalesce(d.end_year, d.year) >= ${add(filters.yearFrom)}::int`);
  if (filters?.yearTo !== undefined) clauses.push(`d.year <= ${add(filters.yearTo)}::int`);
  if (filters?.policyArea) clauses.push(`lower(d.policy_area) = lower(${add(filters.policyArea)})`);
  if (filters?.documentIds?.length) clauses.push(`d.id = ANY(${add(filters.documentIds)}::text[])`);
  if (filters?.excludeDocumentIds?.length) clauses.push(`NOT (d.id = ANY(${add(filters.excludeDocumentIds)}::text[]))`);
  return clauses.length > 0 ? clauses.join(' AND ') : 'TRUE';
}

/**
 * For filters that only leave documents out (the audience, documents already shown; see {@link choosesDocuments}):
 * a WHERE clause over `documents d` that is true for every document to leave out, or undefined when there is none
 * (staff, no exclusions). Audience is 'public' or 'internal' (a CHECK on documents), so the public caller leaves out
 * the internal documents, in a form the audience index answers.
 */
export function buildExclusionSql(filters: SearchFilters | undefined, audience: Audience, params: unknown[]): string | undefined {
  const clauses: string[] = [];
  if (audience !== 'internal') clauses.push(`d.audience = 'internal'`);
  if (filters?.excludeDocumentIds?.length) {
    params.push(filters.excludeDocumentIds);
    clauses.push(`d.id = ANY($${params.length}::text[])`);
  }
  return clauses.length > 0 ? clauses.join(' OR ') : undefined;
}

/** True when the filters keep only some documents (by metadata or by id), rather than only leaving some out. */
export function choosesDocuments(filters: SearchFilters | undefined): filters is SearchFilters {
  return narrowsByMetadata(filters) || Boolean(filters?.documentIds?.length);
}

/** True when the filters keep only documents of some type, organisation type, region, years or policy area. */
export function narrowsByMetadata(filters: SearchFilters | undefined): boolean {
  if (!filters) return false;
  return Boolean(
    filters.types?.length ||
      filters.organisationTypes?.length ||
      filters.regions?.length ||
      filters.yearFrom !== undefined ||
      filters.yearTo !== undefined ||
      filters.policyArea,
  );
}
