/**
 * The one rule every string field of the web and console APIs shares: no NUL character and no unpaired UTF-16
 * surrogate. Postgres cannot store either (a 500 or a misleading "database down" answer otherwise) and no person
 * types them, so they are refused up front with a 400 naming the field.
 */
import type { z } from 'zod';

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The validation message (the field name is put in front by `sendValidationError`). */
export const UNSTORABLE_TEXT_MESSAGE = 'indeholder et tegn, der ikke er tilladt (NUL eller et ufuldstændigt Unicode-tegn)';

/** True when `value` can be stored and shown as it is. */
export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/** Adds the rule to a string schema. */
export function storable<T extends z.ZodString>(schema: T): T {
  return schema.refine(isStorableText, { error: UNSTORABLE_TEXT_MESSAGE }) as T;
}
