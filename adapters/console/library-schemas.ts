/**
 * zod schemas for the library API: the list's query string (filters, text, page) and the unpublish body. Messages
 * are Danish; the field name is added by `sendValidationError`.
 */
import { z } from 'zod';
import { AUDIENCES, DOCUMENT_TYPES, ORGANISATION_TYPES, REGIONS } from '../../knowledge/index.js';
import type { CatalogueQuery } from '../../knowledge/store/library-catalogue.js';
import { storable } from '../web/storable-text.js';

/** One value or the key repeated (`?type=case&type=method`), as a list. */
function oneOrMore<T extends readonly [string, ...string[]]>(values: T, message: string) {
  const value = z.enum(values, { error: message });
  return z
    .union([value, z.array(value)], { error: message })
    .optional()
    .transform((given) => (given === undefined ? [] : Array.isArray(given) ? given : [given]));
}

const year = z.coerce
  .number({ error: 'skal være et årstal' })
  .int({ error: 'skal være et helt årstal' })
  .min(1900, { error: 'skal være 1900 eller senere' })
  .max(2100, { error: 'skal være 2100 eller før' })
  .optional();

/** `GET /api/library/documents?q=…&type=…&region=…&organisationType=…&yearFrom=…&yearTo=…&audience=…&page=…&pageSize=…` */
export const libraryListQuerySchema = z
  .object({
    q: storable(z.string({ error: 'skal være en tekst' }).trim().max(200, { error: 'må højst være 200 tegn' })).optional(),
    type: oneOrMore(DOCUMENT_TYPES, 'skal være case, method eller research'),
    region: oneOrMore(REGIONS, `skal være en af ${REGIONS.join(', ')}`),
    organisationType: oneOrMore(ORGANISATION_TYPES, 'skal være kommune, region, stat eller andet'),
    yearFrom: year,
    yearTo: year,
    audience: z.enum(AUDIENCES, { error: 'skal være public eller internal' }).optional(),
    page: z.coerce.number({ error: 'skal være et tal' }).int({ error: 'skal være et helt tal' }).min(1, { error: 'skal være mindst 1' }).default(1),
    pageSize: z.coerce.number({ error: 'skal være et tal' }).int({ error: 'skal være et helt tal' }).min(1, { error: 'skal være mindst 1' }).max(100, { error: 'må højst være 100' }).default(20),
  })
  .refine((query) => query.yearFrom === undefined || query.yearTo === undefined || query.yearFrom <= query.yearTo, {
    path: ['yearTo'],
    error: 'må ikke være før fra-året',
  });

/** The catalogue query for a parsed query string. */
export function toCatalogueQuery(query: z.infer<typeof libraryListQuerySchema>): CatalogueQuery {
  return {
    types: query.type,
    regions: query.region,
    organisationTypes: query.organisationType,
    ...(query.yearFrom !== undefined ? { yearFrom: query.yearFrom } : {}),
    ...(query.yearTo !== undefined ? { yearTo: query.yearTo } : {}),
    ...(query.audience ? { audience: query.audience } : {}),
    ...(query.q ? { text: query.q } : {}),
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** `POST /api/library/documents/:id/unpublish` `{ reason? }` */
export const unpublishDocumentBodySchema = z.object({
  reason: storable(z.string({ error: 'skal være en tekst' }).trim().max(1000, { error: 'må højst være 1000 tegn' })).optional(),
});
