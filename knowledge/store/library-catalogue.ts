/**
 * The library as the advisers' console lists it: documents filtered by their metadata and a text query, a page at a
 * time with counts, and one document with its chunks in order. Staff see every audience, so the audience is a
 * filter here, never a restriction. The same SQL on PGlite and Postgres.
 */
import type { Queryable } from '../db/db.js';
import type { Audience, DocumentType, OrganisationType, Region, SourceFormat, Status, Contact } from '../documents/library-document.js';
import { lexicalSearch } from '../retrieval/lexical-search.js';
import { buildFilterSql } from '../retrieval/search-filters.js';
import type { SearchFilters } from '../retrieval/search-types.js';

/** What the console's list asks for. Every filter is optional; they combine with AND. */
export interface CatalogueQuery {
  types?: DocumentType[];
  regions?: Region[];
  organisationTypes?: OrganisationType[];
  /** Documents active in or after this year (as the search's filter). */
  yearFrom?: number;
  /** Documents started in or before this year. */
  yearTo?: number;
  audience?: Audience;
  /** Words to find: in the title or organisation (accents folded), or anywhere in the text (the keyword search). */
  text?: string;
  /** 1-based. @default 1 */
  page?: number;
  /** @default 20 */
  pageSize?: number;
}

/** One row of the list. */
export interface CatalogueEntry {
  id: string;
  type: DocumentType;
  title: string;
  organisation?: string;
  organisationType?: OrganisationType;
  region?: Region;
  year?: number;
  endYear?: number;
  audience: Audience;
  sourcePath: string;
  sourceFormat: SourceFormat;
  chunkCount: number;
  updatedAt: string;
}

/** How many of the matching documents have each value (the page's filter counts). */
export interface CatalogueCounts {
  type: Record<string, number>;
  region: Record<string, number>;
  organisationType: Record<string, number>;
  audience: Record<string, number>;
}

export interface CataloguePage {
  documents: CatalogueEntry[];
  /** All documents matching the query (not just this page). */
  total: number;
  page: number;
  pageSize: number;
  counts: CatalogueCounts;
}

/** One document with everything the console shows about it. */
export interface CatalogueDocument extends CatalogueEntry {
  policyArea?: string;
  innovationType: string[];
  methods: string[];
  status?: Status;
  contact?: Contact;
  sourceUrl?: string;
  tags: string[];
  author?: string;
  summary: string;
  createdAt: string;
  chunks: CatalogueChunk[];
}

export interface CatalogueChunk {
  ordinal: number;
  headingPath: string[];
  content: string;
  tokenCount: number;
}

/** Chunks the keyword search may contribute to a text query: enough for any library page a person reads. */
const TEXT_CANDIDATES = 200;

interface EntryRow {
  id: string;
  type: DocumentType;
  title: string;
  organisation: string | null;
  organisation_type: OrganisationType | null;
  region: Region | null;
  year: number | null;
  end_year: number | null;
  audience: Audience;
  source_path: string;
  source_format: SourceFormat;
  chunk_count: number;
  updated_at: Date | string;
}

const ENTRY_COLUMNS = `d.id, d.type, d.title, d.organisation, d.organisation_type, d.region, d.year, d.end_year, d.audience,
  d.source_path, d.source_format, d.chunk_count, d.updated_at`;

/** `%`, `_` and `\` are LIKE's own characters: a user's text matches them literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The documents matching `query`, a page at a time, best match first for a text query and newest first otherwise. */
export async function listCatalogue(db: Queryable, query: CatalogueQuery = {}): Promise<CataloguePage> {
  const page = Math.max(1, query.page ?? 1);
  const pageSize = Math.min(100, Math.max(1, query.pageSize ?? 20));
  const filters: SearchFilters = {
    ...(query.types?.length ? { types: query.types } : {}),
    ...(query.regions?.length ? { regions: query.regions } : {}),
    ...(query.organisationTypes?.length ? { organisationTypes: query.organisationTypes } : {}),
    ...(query.yearFrom !== undefined ? { yearFrom: query.yearFrom } : {}),
    ...(query.yearTo !== undefined ? { yearTo: query.yearTo } : {}),
  };
  const params: unknown[] = [];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  // 'internal' lifts the search's audience restriction; the audience chosen in the console is a filter of its own.
  const clauses = [buildFilterSql(filters, 'internal', params)];
  if (query.audience) clauses.push(`d.audience = ${add(query.audience)}`);
  const text = query.text?.trim();
  let order = 'coalesce(d.end_year, d.year) DESC NULLS LAST, d.title, d.id';
  if (text) {
    // Keyword hits in the text, best first (the search the assistant itself uses, so the words are stemmed).
    const hits = await lexicalSearch(db, text, filters, query.audience === 'public' ? 'public' : 'internal', TEXT_CANDIDATES);
    const ranked = [...new Set(hits.map((hit) => hit.document_id))];
    const pattern = add(likePattern(text));
    const named = `(fold_accents(lower(d.title)) LIKE fold_accents(lower(${pattern})) OR fold_accents(lower(coalesce(d.organisation, ''))) LIKE fold_accents(lower(${pattern})))`;
    const rankedParam = add(ranked);
    clauses.push(`(${named} OR d.id = ANY(${rankedParam}::text[]))`);
    order = `CASE WHEN ${named} THEN 0 ELSE 1 END, array_position(${rankedParam}::text[], d.id) NULLS LAST, ${order}`;
  }
  const where = clauses.join(' AND ');

  const limit = add(pageSize);
  const offset = add((page - 1) * pageSize);
  const rows = await db.query<EntryRow>(
    `SELECT ${ENTRY_COLUMNS} FROM documents d WHERE ${where} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`,
    params,
  );
  // One pass for the total and every count: an empty grouping set is the total.
  const grouped = await db.query<{ type: string | null; region: string | null; organisation_type: string | null; audience: string | null; grouping: number; n: number }>(
    `SELECT d.type, d.region, d.organisation_type, d.audience,
       GROUPING(d.type, d.region, d.organisation_type, d.audience)::int AS grouping, count(*)::int AS n
     FROM documents d WHERE ${where}
     GROUP BY GROUPING SETS ((d.type), (d.region), (d.organisation_type), (d.audience), ())`,
    params.slice(0, params.length - 2),
  );
  return { documents: rows.rows.map(toEntry), total: totalOf(grouped.rows), page, pageSize, counts: countsOf(grouped.rows) };
}

// GROUPING(type, region, organisation_type, audience) has a bit per column, set when the column is not grouped:
// 0b0111 = by type only, 0b1011 = by region, 0b1101 = by organisation type, 0b1110 = by audience, 0b1111 = total.
const GROUPED_BY = { type: 0b0111, region: 0b1011, organisationType: 0b1101, audience: 0b1110 } as const;

function countsOf(rows: Array<{ type: string | null; region: string | null; organisation_type: string | null; audience: string | null; grouping: number; n: number }>): CatalogueCounts {
  const counts: CatalogueCounts = { type: {}, region: {}, organisationType: {}, audience: {} };
  for (const row of rows) {
    const value =
      row.grouping === GROUPED_BY.type ? ['type', row.type] as const
      : row.grouping === GROUPED_BY.region ? ['region', row.region] as const
      : row.grouping === GROUPED_BY.organisationType ? ['organisationType', row.organisation_type] as const
      : row.grouping === GROUPED_BY.audience ? ['audience', row.audience] as const
      : undefined;
    // Documents without a region or organisation type are counted under "" (the list shows them as "ukendt").
    if (value) counts[value[0]][value[1] ?? ''] = row.n;
  }
  return counts;
}

function totalOf(rows: Array<{ grouping: number; n: number }>): number {
  return rows.find((row) => row.grouping === 0b1111)?.n ?? 0;
}

function toEntry(row: EntryRow): CatalogueEntry {
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    ...(row.organisation ? { organisation: row.organisation } : {}),
    ...(row.organisation_type ? { organisationType: row.organisation_type } : {}),
    ...(row.region ? { region: row.region } : {}),
    ...(row.year !== null ? { year: row.year } : {}),
    ...(row.end_year !== null ? { endYear: row.end_year } : {}),
    audience: row.audience,
    sourcePath: row.source_path,
    sourceFormat: row.source_format,
    chunkCount: row.chunk_count,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

interface DocumentRow extends EntryRow {
  policy_area: string | null;
  innovation_type: string[];
  methods: string[];
  status: Status | null;
  contact: Contact | string | null;
  source_url: string | null;
  tags: string[];
  author: string | null;
  summary: string;
  created_at: Date | string;
}

/** One document's metadata and its chunks in order, or undefined when there is none with that id. */
export async function readCatalogueDocument(db: Queryable, id: string): Promise<CatalogueDocument | undefined> {
  const found = await db.query<DocumentRow>(
    `SELECT ${ENTRY_COLUMNS}, d.policy_area, d.innovation_type, d.methods, d.status, d.contact, d.source_url, d.tags,
       d.author, d.summary, d.created_at
     FROM documents d WHERE d.id = $1`,
    [id],
  );
  const row = found.rows[0];
  if (!row) return undefined;
  const chunks = await db.query<{ ordinal: number; heading_path: string[]; content: string; token_count: number }>(
    'SELECT ordinal, heading_path, content, token_count FROM chunks WHERE document_id = $1 ORDER BY ordinal',
    [id],
  );
  const contact = typeof row.contact === 'string' ? (JSON.parse(row.contact) as Contact) : row.contact;
  return {
    ...toEntry(row),
    ...(row.policy_area ? { policyArea: row.policy_area } : {}),
    innovationType: row.innovation_type ?? [],
    methods: row.methods ?? [],
    ...(row.status ? { status: row.status } : {}),
    ...(contact ? { contact } : {}),
    ...(row.source_url ? { sourceUrl: row.source_url } : {}),
    tags: row.tags ?? [],
    ...(row.author ? { author: row.author } : {}),
    summary: row.summary,
    createdAt: new Date(row.created_at).toISOString(),
    chunks: chunks.rows.map((chunk) => ({
      ordinal: chunk.ordinal,
      headingPath: chunk.heading_path ?? [],
      content: chunk.content,
      tokenCount: chunk.token_count,
    })),
  };
}
