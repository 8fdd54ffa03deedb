/**
 * zod schemas for the advisers' API: the queue's query string and the action bodies. Messages are Danish; the
 * field name is added by `sendValidationError`.
 */
import { z } from 'zod';
import type { EscalationListFilter, EscalationStatus } from '../../bot/escalation/escalation-port.js';
import { storable } from '../web/storable-text.js';

const STATUS_GROUPS: Record<string, EscalationStatus[] | undefined> = {
  open: ['queued', 'claimed'],
  queued: ['queued'],
  claimed: ['claimed'],
  resolved: ['resolved'],
  cancelled: ['cancelled'],
  closed: ['resolved', 'cancelled'],
  all: undefined,
};

const flag = z.enum(['true', 'false', '1', '0'], { error: 'skal være true eller false' }).transform((v) => v === 'true' || v === '1');

/** `GET /api/escalations?status=open|queued|claimed|resolved|cancelled|closed|all&mine=true&channel=web&minAge=30` */
export const listQuerySchema = z.object({
  status: z.enum(Object.keys(STATUS_GROUPS) as [string, ...string[]], { error: 'skal være open, queued, claimed, resolved, cancelled, closed eller all' }).default('open'),
  mine: flag.optional(),
  channel: storable(z.string().trim().min(1, { error: 'må ikke være tom' }).max(40, { error: 'må højst være 40 tegn' })).optional(),
  minAge: z.coerce.number({ error: 'skal være et antal minutter' }).int({ error: 'skal være et helt antal minutter' }).min(0, { error: 'må ikke være negativ' }).max(525_600, { error: 'er for stor' }).optional(),
});

/** The service filter for a parsed query, for the adviser `adviserId`. */
export function toListFilter(query: z.infer<typeof listQuerySchema>, adviserId: string): EscalationListFilter {
  const status = STATUS_GROUPS[query.status];
  return {
    ...(status ? { status } : {}),
    ...(query.mine ? { adviserId } : {}),
    ...(query.channel ? { channel: query.channel } : {}),
    ...(query.minAge !== undefined ? { minAgeMinutes: query.minAge } : {}),
  };
}

const body = <T extends z.ZodRawShape>(shape: T) => z.object(shape, { error: 'Forespørgslen skal være et JSON-objekt.' });
const text = (max: number) =>
  storable(
    z
      .string({ error: (issue) => (issue.input === undefined ? 'mangler' : 'skal være en tekst') })
      .max(max, { error: `må højst være ${max} tegn` }),
  );

/** `POST /api/escalations/:id/messages` */
export const replyBodySchema = body({ text: text(4000).refine((v) => v.trim().length > 0, { error: 'må ikke være tom' }) });

/** `POST /api/escalations/:id/reassign` */
export const reassignBodySchema = body({ adviserId: text(200).refine((v) => v.trim().length > 0, { error: 'må ikke være tom' }) });

/** `POST /api/escalations/:id/resolve` (both fields optional; `null` counts as absent). */
export const resolveBodySchema = body({
  note: z.preprocess((v) => (v === null ? undefined : v), text(4000).optional()),
  keep: z.preprocess((v) => (v === null ? undefined : v), z.boolean({ error: 'skal være true eller false' }).optional()),
});
