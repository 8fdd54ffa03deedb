/**
 * Turns the restrictions a user states in a question into search filters: organisation type, region, period,
 * document type and policy area. Rule-based, deterministic, no model: the filters must be predictable, because a
 * wrong filter silently hides the right documents.
 */
import { ORGANISATION_TYPES, type SearchFilters } from '../../knowledge/index.js';
import { findDocumentTypes } from './document-type-cues.js';
import { normalizeText } from './match-text.js';
import { findOrganisationTypes } from './organisation-type-cues.js';
import { findPolicyArea } from './policy-area-cues.js';
import { findRegions } from './region-cues.js';
import { findYearRange } from './year-range.js';

export interface ExtractedFilters {
  /** Only the fields that were found; `{}` when the question states no restriction. */
  filters: SearchFilters;
  /** The normalised snippets that produced the filters ("kommuner", "i nordjylland", "efter 2015"), for logs. */
  matched: string[];
}

export interface ExtractFiltersOptions {
  /**
   * Treat every named organisation type as a restriction, also "kommuner". Set for elliptical follow-ups
   * ("hvad med kommunerne?"), where naming the type is the whole point of the message.
   */
  explicitOrganisationTypes?: boolean;
}

/**
 * The search filters stated in `text`.
 * "Hvilke kommuner i Nordjylland har lavet noget efter 2015?" ->
 * `{ organisationTypes: ['kommune'], regions: ['Nordjylland'], yearFrom: 2016 }`.
 * "Hvilke kommuner har prøvet robotstøvsugere?" -> `{}`: plain "kommuner" is a way of asking "who" and only
 * becomes a filter next to another restriction (see organisation-type-cues.ts).
 * @param now the date "de seneste 5 år" counts back from; defaults to the current date.
 */
export function extractFilters(
  text: string,
  now: Date = new Date(),
  options: ExtractFiltersOptions = {},
): ExtractedFilters {
  const normalized = normalizeText(text);
  const filters: SearchFilters = {};
  const matched: string[] = [];

  const types = findDocumentTypes(normalized);
  if (types.types.length > 0) filters.types = types.types;
  matched.push(...types.matched);

  const regions = findRegions(normalized);
  if (regions.regions.length > 0) filters.regions = regions.regions;
  matched.push(...regions.matched);

  const years = findYearRange(normalized, now.getFullYear());
  if (years.yearFrom !== undefined) filters.yearFrom = years.yearFrom;
  if (years.yearTo !== undefined) filters.yearTo = years.yearTo;
  matched.push(...years.matched);

  const area = findPolicyArea(normalized);
  if (area.policyArea) filters.policyArea = area.policyArea;
  matched.push(...area.matched);

  const organisations = findOrganisationTypes(normalized);
  const narrowed =
    options.explicitOrganisationTypes === true ||
    organisations.explicit.length > 0 ||
    filters.regions !== undefined ||
    filters.yearFrom !== undefined ||
    filters.yearTo !== undefined ||
    filters.policyArea !== undefined;
  const organisationTypes = [...organisations.explicit, ...(narrowed ? organisations.soft : [])];
  if (organisationTypes.length === 0 && regions.regionAsOrganisation) organisationTypes.push('region');
  if (organisationTypes.length > 0) {
    filters.organisationTypes = ORGANISATION_TYPES.filter((type) => organisationTypes.includes(type));
  }
  matched.push(...organisations.matched, ...(narrowed ? organisations.softMatched : []));

  return { filters, matched };
}

/** True when `filters` restricts anything (a field set that is not an empty list). */
export function hasFilters(filters: SearchFilters): boolean {
  return Object.values(filters).some((value) => (Array.isArray(value) ? value.length > 0 : value !== undefined));
}
