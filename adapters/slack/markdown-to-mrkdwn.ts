/**
 * The engine writes Markdown; Slack reads its own "mrkdwn". This converts the subset the engine uses (bold, italic,
 * strike, links, lists, headings, quotes, code) and escapes `&`, `<` and `>` so text can never become a Slack control
 * sequence (`<!channel>`, `<@U…>`).
 */

/** Options for {@link markdownToMrkdwn}. */
export interface MrkdwnOptions {
  /** Turns `[n]` citations into links to their source when it returns a URL. */
  citationUrl?: (n: number) => string | undefined;
}

const PLACEHOLDER = /\u0000(\d+)\u0000/g;
const BOLD_MARK = '\u0001';

/** Escapes the three characters Slack treats as markup. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A URL safe inside `<url|text>`, or undefined for anything but http(s) and mailto. */
export function safeLinkUrl(url: string): string | undefined {
  const trimmed = url.trim();
  if (!/^(https?:\/\/|mailto:)\S+$/i.test(trimmed)) return undefined;
  return trimmed.replace(/[<>|\s]/g, (c) => encodeURIComponent(c));
}

/** `<url|text>` with the text escaped and stripped of characters that end a link early. */
export function mrkdwnLink(url: string, text: string): string {
  const safe = safeLinkUrl(url);
  const label = escapeMrkdwn(text.replace(/\|/g, '/').replace(/\s+/g, ' ').trim());
  return safe ? `<${safe}|${label || safe}>` : label;
}

/**
 * Converts Markdown to Slack mrkdwn.
 *
 * @example
 * markdownToMrkdwn('**Aalborg** lagde vægt på [ejerskab](https://example.dk) [1]');
 * // '*Aalborg* lagde vægt på <https://example.dk|ejerskab> [1]'
 */
export function markdownToMrkdwn(markdown: string, options: MrkdwnOptions = {}): string {
  const out: string[] = [];
  let inFence = false;
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^\s*```/.test(line)) {
      inFence = !inFence;
      out.push('```');
      continue;
    }
    if (inFence) {
      out.push(escapeMrkdwn(line));
      continue;
    }
    out.push(convertLine(line, options));
  }
  if (inFence) out.push('```');
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

function convertLine(line: string, options: MrkdwnOptions): string {
  const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
  if (heading) return `*${inline(heading[1]!.replace(/\*\*|__/g, ''), options)}*`;
  if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) return '──────────';
  const quote = /^\s*>\s?(.*)$/.exec(line);
  if (quote) return `> ${inline(quote[1]!, options)}`;
  const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
  if (bullet) return `${indent(bullet[1]!)}${bullet[1]!.length >= 2 ? '◦' : '•'} ${inline(bullet[2]!, options)}`;
  const ordered = /^(\s*)(\d{1,9})[.)]\s+(.*)$/.exec(line);
  if (ordered) return `${indent(ordered[1]!)}${ordered[2]}. ${inline(ordered[3]!, options)}`;
  return inline(line, options);
}

function indent(whitespace: string): string {
  return '    '.repeat(Math.floor(whitespace.replace(/\t/g, '  ').length / 2));
}

function inline(text: string, options: MrkdwnOptions): string {
  // Code spans keep their text verbatim (escaped only); everything else is formatted.
  return text
    .split(/(`[^`\n]+`)/)
    .map((part) => (/^`[^`\n]+`$/.test(part) ? `\`${escapeMrkdwn(part.slice(1, -1))}\`` : formatText(part, options)))
    .join('');
}

function formatText(text: string, options: MrkdwnOptions): string {
  const saved: string[] = [];
  const keep = (value: string) => `\u0000${saved.push(value) - 1}\u0000`;

  let result = text
    // [text](url "title") → <url|text> (one level of parentheses allowed in the URL); other schemes keep only the text.
    .replace(/\[([^\]\n]+)\]\(\s*<?((?:[^()\s<>]|\([^()\s<>]*\))+)>?(?:\s+"[^"]*")?\s*\)/g, (_m, label: string, url: string) =>
      keep(mrkdwnLink(url, label.replace(/\*\*|__|[*_~`]/g, ''))),
    )
    // <https://…> autolinks.
    .replace(/<((?:https?:\/\/|mailto:)[^>\s]+)>/gi, (_m, url: string) => keep(mrkdwnLink(url, url)));

  result = escapeMrkdwn(result)
    .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, `${BOLD_MARK}$1${BOLD_MARK}`)
    .replace(/(^|[^\p{L}\p{N}_])__(?=\S)([\s\S]*?\S)__(?![\p{L}\p{N}_])/gu, `$1${BOLD_MARK}$2${BOLD_MARK}`)
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '~$1~')
    .replace(/(^|[^\p{L}\p{N}_*])\*(?=\S)([^*\n]*?\S)\*(?![\p{L}\p{N}_*])/gu, '$1_$2_')
    .replaceAll(BOLD_MARK, '*');

  if (options.citationUrl) {
    result = result.replace(/\[(\d{1,3})\]/g, (match, n: string) => {
      const url = options.citationUrl!(Number(n));
      return url && safeLinkUrl(url) ? keep(mrkdwnLink(url, match)) : match;
    });
  }
  return result.replace(PLACEHOLDER, (_m, index: string) => saved[Number(index)]!);
}
