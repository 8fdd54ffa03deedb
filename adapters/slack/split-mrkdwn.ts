/**
 * Splits mrkdwn into pieces that fit a Slack text block (3,000 characters), preferring paragraph, then line, then
 * word boundaries, and never cutting through a `<url|text>` link or an `&amp;` entity.
 */

/** Slack's documented limits that the renderers respect. */
export const SLACK_LIMITS = {
  /** Characters in a section block's text. */
  sectionText: 3000,
  /** Blocks in one message. */
  blocks: 50,
  /** Fields in a section block, and characters in each. */
  fields: 10,
  fieldText: 2000,
  /** Characters in a button's label and value. */
  buttonText: 75,
  buttonValue: 2000,
  /** Elements in a context block. */
  contextElements: 10,
} as const;

/**
 * Splits `text` into pieces of at most `limit` characters.
 *
 * @example
 * splitMrkdwn('a'.repeat(7000)).map((piece) => piece.length); // [3000, 3000, 1000]
 */
export function splitMrkdwn(text: string, limit: number = SLACK_LIMITS.sectionText): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const cut = findCut(rest, limit);
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest) pieces.push(rest);
  return pieces;
}

function findCut(text: string, limit: number): number {
  const window = text.slice(0, limit + 1);
  for (const boundary of ['\n\n', '\n', ' ']) {
    let at = window.lastIndexOf(boundary, limit);
    while (at > 0 && !safeCut(text, at)) at = window.lastIndexOf(boundary, at - 1);
    // A boundary in the first fifth would leave a tiny block; try a finer boundary instead.
    if (at > limit / 5) return at;
  }
  let at = limit;
  while (at > limit / 2 && !safeCut(text, at)) at -= 1;
  return at > limit / 2 ? at : limit;
}

/** Not inside `<…>` and not inside an `&…;` entity. */
function safeCut(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 400), at);
  const open = before.lastIndexOf('<');
  if (open > before.lastIndexOf('>')) return false;
  return !/&[a-z]{0,4}$/.test(before);
}

/** Shortens `text` to `limit` characters with an ellipsis, on a safe boundary. */
export function truncateMrkdwn(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = findCut(text, limit - 1);
  return `${text.slice(0, cut).trimEnd()}…`;
}
