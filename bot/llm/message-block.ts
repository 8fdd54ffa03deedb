/**
 * User-written text placed inside a `<message>`/`<transcript>`/`<previous_answer>` element of a prompt: its own tags
 * are neutralised so the text cannot close the element and pose as instructions.
 */

const BLOCK_TAG_START = /<(\s*\/?\s*(?:message|transcript|previous_question|previous_answer|follow_up)\b)/gi;

/** Replaces the `<` of any of our prompt element tags inside `text` with `&lt;`. */
export function neutraliseMessageTags(text: string): string {
  return text.replace(BLOCK_TAG_START, '&lt;$1');
}
