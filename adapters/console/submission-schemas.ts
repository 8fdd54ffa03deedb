/**
 * zod schemas for the Forslag API (`/api/submissions`): the queue's query string and the action bodies. They check
 * only the request's shape; the front matter itself is checked by the service with the ingest's own schema
 * (`validateDocumentEdit`), so there is one rule for a library file, not two. Messages are Danish; the field name
 * is added by `sendValidationError`.
 */
import { z } from 'zod';
import type { SubmissionListFilter, SubmissionSource, SubmissionStatus } from '../../bot/submissions/submission-port.js';
import { storable } from '../web/storable-text.js';

/** The queue's tabs and the statuses each shows (an unpublished case sits beside the published ones). */
const STATUS_GROUPS: Record<string, SubmissionStatus[] | undefined> = {
  new: ['new'],
  asked: ['asked'],
  rejected: ['rejected'],
  published: ['published', 'unpublished'],
  unpublished: ['unpublished'],
  open: ['new', 'asked'],
  all: undefined,
};

const SOURCES = ['submission', 'adviser_draft'] as const satisfies readonly SubmissionSource[];

/** `GET /api/submissions?status=new|asked|rejected|published|unpublished|open|all&source=submission|adviser_draft` */
export const submissionListQuerySchema = z.object({
  status: z
    .enum(Object.keys(STATUS_GROUPS) as [string, ...string[]], { error: 'skal være new, asked, rejected, published, unpublished, open eller all' })
    .default('new'),
  source: z.enum(SOURCES, { error: 'skal være submission eller adviser_draft' }).optional(),
});

/** The service filter for a parsed query. */
export function toSubmissionFilter(query: z.infer<typeof submissionListQuerySchema>): SubmissionListFilter {
  const status = STATUS_GROUPS[query.status];
  return { ...(status ? { status } : {}), ...(query.source ? { source: query.source } : {}) };
}

const body = <T extends z.ZodRawShape>(shape: T) => z.object(shape, { error: 'Forespørgslen skal være et JSON-objekt.' });
const text = (max: number) =>
  storable(
    z
      .string({ error: (issue) => (issue.input === undefined ? 'mangler' : 'skal være en tekst') })
      .max(max, { error: `må højst være ${max} tegn` }),
  );
const required = (max: number) => text(max).refine((value) => value.trim().length > 0, { error: 'må ikke være tom' });

/** Strings anywhere in the front matter (lists, the contact mapping) follow the storable rule too. */
function everyTextStorable(value: unknown): boolean {
  if (typeof value === 'string') return storable(z.string()).safeParse(value).success;
  if (Array.isArray(value)) return value.every(everyTextStorable);
  if (value !== null && typeof value === 'object') return Object.values(value).every(everyTextStorable);
  return true;
}

/** The longest Markdown body an adviser may save (the service's own limit is the same). */
export const MAX_BODY_CHARACTERS = 40_000;

/** `PUT /api/submissions/:id` {frontMatter, body}: the whole document as the editor has it. */
export const editBodySchema = body({
  frontMatter: z
    .record(z.string(), z.unknown(), { error: 'skal være et JSON-objekt med felterne' })
    .refine(everyTextStorable, { error: 'indeholder et tegn, der ikke er tilladt (NUL eller et ufuldstændigt Unicode-tegn)' }),
  body: text(MAX_BODY_CHARACTERS),
});

/** `POST /api/submissions/:id/ask` {question} */
export const askBodySchema = body({ question: required(2000) });

/** `POST /api/submissions/:id/reject` {reason} */
export const rejectBodySchema = body({ reason: required(2000) });

/** `POST /api/submissions/:id/unpublish` {reason?} (`null` counts as absent). */
export const unpublishBodySchema = body({ reason: z.preprocess((value) => (value === null ? undefined : value), text(2000).optional()) });
