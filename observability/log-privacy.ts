/**
 * What a log line may hold. Personal data (e-mail, CPR and phone numbers, IP addresses: the same detection as the
 * engine's, bot/understanding/mask-personal-data.ts) is masked in the message and in every string of its details
 * before the line is written; errors become `{type, message, code, cause}` (pino's err serializer, then only those
 * fields: a library's error may carry a whole HTTP request with its token), with the stack only on error lines.
 */
import pino from 'pino';
import { maskPersonalData } from '../bot/understanding/mask-personal-data.js';

/** Keys whose values are ours and never personal (masking a UUID's digits as a "phone number" would garble it). */
const NOT_PERSONAL = new Set(['requestId']);
/** The fields of a serialized error that are written. */
const ERROR_FIELDS = ['type', 'name', 'message', 'code', 'statusCode', 'status', 'stack', 'cause', 'aggregateErrors'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_DEPTH = 8;

/** `text` with personal data replaced by placeholders ("[e-mail removed]"). */
export function maskLogText(text: string): string {
  if (UUID.test(text)) return text;
  return maskPersonalData(text, 'en').text;
}

/**
 * `value` ready for a log line: strings masked, errors serialized (with `stack` only when `withStack`), plain objects
 * and arrays walked. Other objects (an HTTP request or response) are left to their serializers.
 */
export function maskLogValue(value: unknown, withStack = false, depth = 0): unknown {
  if (typeof value === 'string') return maskLogText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return '[too deep]';
  if (value instanceof Error) return serializeError(value, withStack, depth);
  if (Array.isArray(value)) return value.map((item) => maskLogValue(item, withStack, depth + 1));
  if (!isPlainObject(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    result[key] = NOT_PERSONAL.has(key) ? item : maskLogValue(item, withStack, depth + 1);
  }
  return result;
}

/** An error as `{type, message, code, cause, …}`, masked; `stack` (masked too: it repeats the message) only when asked. */
export function serializeError(error: Error, withStack = false, depth = 0): Record<string, unknown> {
  const serialized = pino.stdSerializers.errWithCause(error) as unknown as Record<string, unknown>;
  const result = pickErrorFields(serialized, withStack, depth);
  // A cause that is not an error (a string, a response body) is not kept by the serializer.
  const cause = (error as { cause?: unknown }).cause;
  if (result.cause === undefined && cause !== undefined) result.cause = maskLogValue(cause, false, depth + 1);
  return result;
}

function pickErrorFields(serialized: Record<string, unknown>, withStack: boolean, depth: number): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const field of ERROR_FIELDS) {
    const value = serialized[field];
    if (value === undefined || (field === 'stack' && !withStack)) continue;
    if (field === 'name' && value === serialized.type) continue;
    if (field === 'cause') {
      result.cause = isSerializedError(value) || (typeof value === 'object' && value !== null && isPlainObject(value)) ? pickErrorFields(value as Record<string, unknown>, withStack, depth + 1) : maskLogValue(value, false, depth + 1);
    } else if (field === 'aggregateErrors' && Array.isArray(value)) {
      result.aggregateErrors = value.map((item) => pickErrorFields(item as Record<string, unknown>, withStack, depth + 1));
    } else {
      result[field] = maskLogValue(value, false, depth + 1);
    }
  }
  return result;
}

function isSerializedError(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string' && 'type' in value;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
