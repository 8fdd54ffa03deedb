/**
 * A small, safe Markdown renderer for the bot's answers. The whole text is HTML-escaped FIRST; only then are a few
 * constructs turned into fixed tags: paragraphs, `- ` bullet lists, `1. ` numbered lists, `#` headings (as bold
 * lines), **bold**, *italic*, [text](http(s) url) links and [n] citations. No input character can open a tag or an
 * attribute, so HTML or scripts in the text are shown as text.
 */

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for use in HTML content and double-quoted attributes. */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

const LINK = /\[([^\[\]\n]+)\]\((https?:\/\/[^\s()<>\[\]]+)\)/g;
const CITATIONS = /\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\](?!\()/g;
const BOLD = /\*\*(?=\S)([^*\n]+?)\*\*/g;
const ITALIC = /(^|[^*\p{L}\p{N}])\*(?=\S)([^*\n]+?)\*(?![*\p{L}\p{N}])/gu;

/**
 * Inline formatting of one already escaped line.
 * @param {string} line escaped text
 * @param {(n: number) => string | undefined} citationHref link target for citation n, or undefined to leave it as text
 */
function inline(line, citationHref) {
  return line
    .replace(LINK, (_m, text, url) => {
      const href = url.replace(/\*/g, '%2A');
      return `<a href="${href}" target="_blank" rel="noopener">${text}</a>`;
    })
    .replace(CITATIONS, (match, list) => {
      const numbers = list.split(/\s*[,;]\s*/).map(Number);
      const hrefs = numbers.map((n) => citationHref(n));
      if (hrefs.some((href) => href === undefined)) return match;
      return numbers
        .map((n, i) => `<a href="${escapeHtml(hrefs[i])}" class="cite" data-cite="${n}">[${n}]</a>`)
        .join('');
    })
    .replace(BOLD, '<strong>$1</strong>')
    .replace(ITALIC, '$1<em>$2</em>');
}

/**
 * Renders Markdown to an HTML string.
 * @param {string} markdown the bot's text
 * @param {{ citationHref?: (n: number) => string | undefined }} [options]
 * @returns {string}
 */
export function renderMarkdown(markdown, options = {}) {
  const citationHref = options.citationHref ?? (() => undefined);
  const lines = escapeHtml(String(markdown ?? '').replace(/\r\n?/g, '\n')).split('\n');
  const html = [];
  let paragraph = [];
  let list = null;

  const flushParagraph = () => {
    if (paragraph.length > 0) html.push(`<p>${paragraph.map((l) => inline(l, citationHref)).join('<br>')}</p>`);
    paragraph = [];
  };
  const flushList = () => {
    if (list === null) return;
    const start = list.tag === 'ol' && list.start !== 1 ? ` start="${list.start}"` : '';
    const items = list.items.map((item) => `<li>${item.map((l) => inline(l, citationHref)).join('<br>')}</li>`);
    html.push(`<${list.tag}${start}>${items.join('')}</${list.tag}>`);
    list = null;
  };

  for (const line of lines) {
    const bullet = /^\s{0,3}[-*•]\s+(.*)$/.exec(line);
    const numbered = /^\s{0,3}(\d{1,3})[.)]\s+(.*)$/.exec(line);
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (line.trim() === '') {
      flushParagraph();
      flushList();
    } else if (bullet || numbered) {
      const tag = bullet ? 'ul' : 'ol';
      flushParagraph();
      if (list?.tag !== tag) {
        flushList();
        list = { tag, start: numbered ? Number(numbered[1]) : 1, items: [] };
      }
      list.items.push([bullet ? bullet[1] : numbered[2]]);
    } else if (heading) {
      flushParagraph();
      flushList();
      html.push(`<p class="md-heading"><strong>${inline(heading[1], citationHref)}</strong></p>`);
    } else if (list !== null && /^\s{2,}\S/.test(line)) {
      list.items[list.items.length - 1].push(line.trim());
    } else {
      flushList();
      paragraph.push(line.trim());
    }
  }
  flushParagraph();
  flushList();
  return html.join('\n');
}
