/**
 * Size limit for one user message. Long pastes (whole reports, e-mail threads) are not questions: they make
 * retrieval and any model call slow and expensive, and they are where personal data hides, so the engine asks the
 * user to shorten them instead of answering.
 */

/** The most characters (UTF-16 code units, as `String.length` counts) the engine accepts in one message. */
export const MAX_MESSAGE_CHARS = 4000;

/**
 * True when `text` is longer than `limit` characters (`String.length`). Surrounding whitespace does not count, so a
 * message padded by a channel's formatting is not rejected for it.
 */
export function isTooLong(text: string, limit: number = MAX_MESSAGE_CHARS): boolean {
  return text.trim().length > limit;
}
