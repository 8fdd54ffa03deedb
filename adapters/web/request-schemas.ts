/**
 * zod schemas for the web API's request bodies. Messages are Danish and name what is wrong; the field name is added
 * by `sendValidationError`.
 */
import { z } from 'zod';
import { storable } from './storable-text.js';

const typeError = (expected: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'mangler' : `skal være ${expected}`;

/** Every string field: a string, at most `max` characters, without NUL or unpaired surrogates. */
const text = (max?: number) => {
  const base = z.string({ error: typeError('en tekst') });
  return storable(max === undefined ? base : base.max(max, { error: `må højst være ${max} tegn` }));
};

const nonBlank = (schema: z.ZodString) =>
  schema.refine((value) => value.trim().length > 0, { error: 'må ikke være tom' });

/** Lenient about absent optional fields: `null` counts as absent. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === null ? undefined : value), schema.optional());

const conversationId = storable(
  z
    .string({ error: typeError('en tekst') })
    .min(1, { error: 'skal være 1-200 tegn' })
    .max(200, { error: 'skal være 1-200 tegn' }),
);

const body = <T extends z.ZodRawShape>(shape: T) =>
  z.object(shape, { error: 'Forespørgslen skal være et JSON-objekt.' });

/**
 * `POST /api/chat`. Long texts are not rejected here: the engine answers those politely. `user.id` is accepted for
 * older clients but ignored: the web user is who the `kc_uid` cookie says (a client-chosen id would let anyone
 * take over a conversation or dodge the rate limit).
 */
export const chatRequestSchema = body({
  conversationId: optional(conversationId),
  text: nonBlank(text()),
  user: optional(
    z.object(
      {
        id: optional(nonBlank(text(200))),
        displayName: optional(text(200)),
      },
      { error: typeError('et objekt') },
    ),
  ),
});

/** `POST /api/feedback`. */
export const feedbackRequestSchema = body({
  replyId: nonBlank(text(200)),
  value: z.enum(['up', 'down'], { error: (issue) => (issue.input === undefined ? 'mangler' : 'skal være "up" eller "down"') }),
  comment: optional(text(2000)),
});

/** `POST /api/adviser`. `text` is accepted for the coming hand-off flow; the engine's request has no field for it yet. */
export const adviserRequestSchema = body({
  conversationId,
  text: optional(text(4000)),
  language: optional(z.enum(['da', 'en'], { error: 'skal være "da" eller "en"' })),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;
export type FeedbackRequest = z.infer<typeof feedbackRequestSchema>;
export type AdviserRequestBody = z.infer<typeof adviserRequestSchema>;
