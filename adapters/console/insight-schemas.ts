/**
 * zod schemas for the insight API's query strings: the period (last 7/30/90 days or from–to), the filters, and
 * the gap-draft download. Messages are Danish; the field name is added by `sendValidationError`.
 */
import { z } from 'zod';
import { daysBetween, parseDay, type InsightAudience, type InsightQuery, type InsightService } from '../../bot/insight/index.js';
import { storable } from '../web/storable-text.js';

/** The longest custom period, in days (a year, leap day included). */
export const MAX_PERIOD_DAYS = 366;

const day = z.string().refine((value) => parseDay(value) !== undefined, { error: 'skal være en dato (ÅÅÅÅ-MM-DD)' });

/** `GET /api/insight?period=7|30|90|custom&from=YYYY-MM-DD&to=YYYY-MM-DD&channel=web|slack|teams|cli&audience=public|internal` */
export const insightQuerySchema = z
  .object({
    period: z.enum(['7', '30', '90', 'custom'], { error: 'skal være 7, 30, 90 eller custom' }).default('30'),
    from: day.optional(),
    to: day.optional(),
    channel: z.enum(['web', 'slack', 'teams', 'cli'], { error: 'skal være web, slack, teams eller cli' }).optional(),
    audience: z.enum(['public', 'internal'], { error: 'skal være public eller internal' }).optional(),
  })
  .superRefine((query, context) => {
    if (query.period !== 'custom') return;
    if (!query.from) return context.addIssue({ code: 'custom', path: ['from'], message: 'mangler (vælg en startdato)' });
    if (!query.to) return context.addIssue({ code: 'custom', path: ['to'], message: 'mangler (vælg en slutdato)' });
    if (query.to < query.from) return context.addIssue({ code: 'custom', path: ['to'], message: 'må ikke være før startdatoen' });
    if (daysBetween(query.from, query.to) > MAX_PERIOD_DAYS) {
      context.addIssue({ code: 'custom', path: ['to'], message: `perioden må højst være ${MAX_PERIOD_DAYS} dage` });
    }
  });

/** The service query for a parsed query string. */
export function toInsightQuery(query: z.infer<typeof insightQuerySchema>, insights: Pick<InsightService, 'lastDays'>): InsightQuery {
  const { from, to } = query.period === 'custom' ? { from: query.from!, to: query.to! } : insights.lastDays(Number(query.period));
  return {
    from,
    to,
    ...(query.channel ? { channel: query.channel } : {}),
    ...(query.audience ? { audience: query.audience as InsightAudience } : {}),
  };
}

const text = (max: number) => storable(z.string({ error: 'skal være en tekst' }).trim().min(1, { error: 'må ikke være tom' }).max(max, { error: `må højst være ${max} tegn` }));

/** `GET /api/insight/draft?type=case|method&topic=…&example=…&example=…&count=12` */
export const gapDraftQuerySchema = z.object({
  type: z.enum(['case', 'method'], { error: 'skal være case eller method' }),
  topic: text(200),
  example: z
    .union([text(500), z.array(text(500))], { error: 'skal være en tekst' })
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
    .refine((examples) => examples.length <= 5, { error: 'højst 5 eksempler' }),
  count: z.coerce.number({ error: 'skal være et tal' }).int({ error: 'skal være et helt tal' }).min(0, { error: 'må ikke være negativ' }).optional(),
});
