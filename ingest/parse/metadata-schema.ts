/**
 * The library format's metadata contract as one zod schema: raw front matter / CSV row / JSON object
 * (snake_case keys, as users write them) in, clean camelCase DocumentMetadata out, minus id defaulting
 * (the default id depends on the file name, which the schema does not know).
 *
 * It is a single transform rather than a z.object so that every wrong field, and the cross-field rules
 * (organisation required for cases, end_year ≥ year), are reported together with field-named paths.
 * Unknown keys are ignored. Lists default to [], audience to 'public'; absent optional fields are
 * left out of the result (never empty strings). Enum matching is case- and accent-insensitive and
 * returns the canonical spelling: "sjaelland" → "Sjælland", "Ide"/"IDÉ" → "idé", "Region Midtjylland" →
 * "Midtjylland", "intern" → "internal", "offentlig" → "public".
 */
import { z } from 'zod';
import {
  AUDIENCES,
  DOCUMENT_TYPES,
  INNOVATION_TYPES,
  ORGANISATION_TYPES,
  REGIONS,
  STATUSES,
  type DocumentMetadata,
} from '../../knowledge/documents/library-document.js';
import { checkContact } from './check-contact.js';
import {
  type Checked,
  checkHttpUrl,
  checkList,
  checkOneOf,
  checkRequiredText,
  checkText,
  checkYear,
  isAbsent,
  showValue,
} from './field-checks.js';
import { foldForMatch } from './fold-for-match.js';
import { slugify } from './slugify.js';

/** Metadata as the schema yields it: a DocumentMetadata whose id may still be missing. */
export type ParsedMetadata = Omit<DocumentMetadata, 'id'> & { id?: string };

/** The snake_case field names of the library format (front matter keys, CSV columns, JSON keys). */
export const METADATA_FIELDS = [
  'id',
  'type',
  'title',
  'organisation',
  'organisation_type',
  'region',
  'year',
  'end_year',
  'policy_area',
  'innovation_type',
  'methods',
  'status',
  'contact',
  'source_url',
  'tags',
  'audience',
  'author',
  'aliases',
] as const;

const REGION_ALIASES: Record<string, (typeof REGIONS)[number]> = {
  nationalt: 'national',
  ...Object.fromEntries(REGIONS.filter((r) => r !== 'national').map((r) => [`region ${foldForMatch(r)}`, r])),
};

const AUDIENCE_ALIASES: Record<string, (typeof AUDIENCES)[number]> = { intern: 'internal', offentlig: 'public' };

function checkId(value: unknown): Checked<string | undefined> {
  const text = checkText(value);
  if (!text.ok || text.value === undefined) return text;
  if (/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(text.value)) return text;
  const suggestion = slugify(text.value);
  return {
    ok: false,
    message:
      `must contain only letters a-z, digits, ".", "_" and "-" (got ${showValue(text.value)})` +
      (suggestion ? `; for example "${suggestion}"` : ''),
  };
}

function checkRequiredOneOf<T extends string>(value: unknown, allowed: readonly T[]): Checked<T> {
  if (isAbsent(value)) return { ok: false, message: `is required (one of ${allowed.join(', ')})` };
  const checked = checkOneOf(value, allowed);
  if (!checked.ok) return checked;
  return { ok: true, value: checked.value as T };
}

interface Issue {
  path: string[];
  message: string;
}

/**
 * Validates raw metadata. Exposed for callers that want plain issues without zod;
 * `documentMetadataSchema` wraps it.
 */
export function validateMetadata(raw: unknown): { ok: true; value: ParsedMetadata } | { ok: false; issues: Issue[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, issues: [{ path: [], message: `must be a mapping of field: value (got ${showValue(raw)})` }] };
  }
  const input = raw as Record<string, unknown>;
  const issues: Issue[] = [];
  const take = <T>(field: string, checked: Checked<T>): T | undefined => {
    if (checked.ok) return checked.value;
    issues.push({ path: [field, ...(checked.path ?? [])], message: checked.message });
    return undefined;
  };

  const id = take('id', checkId(input.id));
  const type = take('type', checkRequiredOneOf(input.type, DOCUMENT_TYPES));
  const title = take('title', checkRequiredText(input.title));
  const organisation = take('organisation', checkText(input.organisation));
  const organisationType = take('organisation_type', checkOneOf(input.organisation_type, ORGANISATION_TYPES));
  const region = take('region', checkOneOf(input.region, REGIONS, REGION_ALIASES));
  const year = take('year', checkYear(input.year));
  const endYear = take('end_year', checkYear(input.end_year));
  const policyArea = take('policy_area', checkText(input.policy_area));
  const innovationType = take(
    'innovation_type',
    checkList(input.innovation_type, (item) => checkOneOf(item, INNOVATION_TYPES)),
  );
  const methods = take('methods', checkList(input.methods, checkText));
  const status = take('status', checkOneOf(input.status, STATUSES));
  const contact = take('contact', checkContact(input.contact));
  const sourceUrl = take('source_url', checkHttpUrl(input.source_url));
  const tags = take('tags', checkList(input.tags, checkText));
  const audience = take('audience', checkOneOf(input.audience, AUDIENCES, AUDIENCE_ALIASES));
  const author = take('author', checkText(input.author));
  const aliases = take('aliases', checkList(input.aliases, checkText));

  if (type === 'case' && organisation === undefined && !issues.some((i) => i.path[0] === 'organisation')) {
    issues.push({ path: ['organisation'], message: 'is required for type "case"' });
  }
  if (year !== undefined && endYear !== undefined && endYear < year) {
    issues.push({ path: ['end_year'], message: `must not be before year (${endYear} < ${year})` });
  }
  if (issues.length > 0 || type === undefined || title === undefined) return { ok: false, issues };

  const metadata: ParsedMetadata = {
    type,
    title,
    innovationType: innovationType ?? [],
    methods: methods ?? [],
    tags: tags ?? [],
    audience: audience ?? 'public',
  };
  if (id !== undefined) metadata.id = id;
  if (organisation !== undefined) metadata.organisation = organisation;
  if (organisationType !== undefined) metadata.organisationType = organisationType;
  if (region !== undefined) metadata.region = region;
  if (year !== undefined) metadata.year = year;
  if (endYear !== undefined) metadata.endYear = endYear;
  if (policyArea !== undefined) metadata.policyArea = policyArea;
  if (status !== undefined) metadata.status = status;
  if (contact !== undefined) metadata.contact = contact;
  if (sourceUrl !== undefined) metadata.sourceUrl = sourceUrl;
  if (author !== undefined) metadata.author = author;
  if (aliases !== undefined && aliases.length > 0) metadata.aliases = aliases;
  return { ok: true, value: metadata };
}

/**
 * zod schema for front matter / CSV row / JSON object → ParsedMetadata. Issues are `custom` with
 * `path` = [snake_case field, sub-field?] and an English message without the field name,
 * e.g. path ['organisation_type'], message 'must be one of kommune, region, stat, andet (got "kommunal")'.
 * Use describeIssues() to turn them into one operator-facing sentence.
 */
export const documentMetadataSchema = z.unknown().transform((raw, ctx): ParsedMetadata => {
  const result = validateMetadata(raw);
  if (result.ok) return result.value;
  for (const issue of result.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  return z.NEVER;
});
